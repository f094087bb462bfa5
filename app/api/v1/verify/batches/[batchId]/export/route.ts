import { z } from "zod";
import { apiHandler } from "@/lib/edge/api-handler";
import { ZResourceId } from "@/lib/edge/path-params";
import { isLocale, localeFromCookie } from "@/lib/i18n/define-messages";
import { resultsToCsv, resultsToJson } from "@/lib/verification/export-results";
import { getVerificationBatch } from "@/lib/verification/verification-batches";

export const dynamic = "force-dynamic";

// GET /api/v1/verify/batches/{batchId}/export?format=csv|json: download one of the caller's own batches.
export const GET = apiHandler({ auth: "optional", roles: ["VERIFIER", "OPERATOR"], params: z.object({ batchId: ZResourceId }) }, async ({ request, user, params }) => {
  const query = new URL(request.url).searchParams;
  const format = query.get("format") === "json" ? "json" : "csv";
  // The reason column's language: ?lang=id|en, else the language chosen on the site (Indonesian by default).
  const lang = query.get("lang");
  const locale = isLocale(lang) ? lang : localeFromCookie(request.headers);
  const batch = await getVerificationBatch({ userId: user!.id, batchId: params.batchId });
  const base = `verifikasi-${batch.createdAt.slice(0, 10)}-${batch.id.slice(-8)}`;
  const body = format === "csv" ? resultsToCsv(batch.results, locale) : resultsToJson({ ...batch, results: undefined }, batch.results);
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
});
