import { AppError } from "@/lib/errors";
import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { limits } from "@/lib/rate-limit";
import { lookupStamps } from "@/lib/verification/lookup-stamps";
import { LOOKUP_MAX_STAMPS, ZStampLookupAnswer, ZStampLookupRequest } from "@/lib/verification/stamp-lookup";

export const dynamic = "force-dynamic";

const tooMany = (count: number) =>
  new AppError(
    "TOO_MANY_STAMPS",
    {
      id: `Paling banyak ${LOOKUP_MAX_STAMPS} meterai per permintaan; permintaan ini berisi ${count}. Bagi menjadi beberapa permintaan.`,
      en: `At most ${LOOKUP_MAX_STAMPS} stamps per request; this one has ${count}. Split it into several requests.`,
    },
    { details: { max: LOOKUP_MAX_STAMPS, count } },
  );

// POST /api/v1/stamps/lookup: public like the verify page that calls it (a committee member's browser,
// no account), rate-limited per IP. Serials and hashes in, registry facts and booleans out; nothing about the owner.
export const POST = apiHandler({ auth: "public", rateLimit: { name: "public-registry-lookup", rule: limits.publicRegistryLookupPerIp } }, async ({ request }) => {
  const body = await readJson(request, ZStampLookupRequest, (raw) => {
    const stamps = (raw as { stamps?: unknown } | null)?.stamps;
    return Array.isArray(stamps) && stamps.length > LOOKUP_MAX_STAMPS ? tooMany(stamps.length) : undefined;
  });
  const results = await lookupStamps({ stamps: body.stamps });
  return jsonResponse(ZStampLookupAnswer, { results }, { headers: { "Cache-Control": "no-store" } });
});
