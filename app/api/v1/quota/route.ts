import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { getQuotaBalance } from "@/lib/quota/get-quota-balance";
import { ZQuotaBalance } from "@/lib/quota/quota-balance";

export const dynamic = "force-dynamic";

// GET /api/v1/quota → {available, reserved}
export const GET = apiHandler({ auth: "token" }, async ({ user }) => {
  return jsonResponse(ZQuotaBalance, await getQuotaBalance(user!.id));
});
