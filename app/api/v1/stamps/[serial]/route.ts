import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZPublicStamp, ZSerialParams } from "@/lib/openapi/verify-schemas";
import { limits } from "@/lib/rate-limit";
import { lookupSerial } from "@/lib/verification/lookup-serial";

export const dynamic = "force-dynamic";

// GET /api/v1/stamps/{serial}: public, rate-limited per IP → { serial, status, affixedAt } (+ revokedAt,
// revokedReason when revoked). Nothing about the owner. 400 for a malformed serial, 404 for one never issued.
export const GET = apiHandler({ auth: "public", rateLimit: { name: "public-lookup", rule: limits.publicLookupPerIp }, params: ZSerialParams }, async ({ params }) => {
  const stamp = await lookupSerial({ serial: params.serial });
  return jsonResponse(
    ZPublicStamp,
    { serial: stamp.serial, status: stamp.status, affixedAt: stamp.affixedAt, ...(stamp.status === "REVOKED" ? { revokedAt: stamp.revokedAt, revokedReason: stamp.revokedReason } : {}) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
