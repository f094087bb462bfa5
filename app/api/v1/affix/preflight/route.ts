import { AppError, commonErrors } from "@/lib/errors";
import { env } from "@/lib/env";
import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZPreflight } from "@/lib/stamps/affix-request";
import { readMultipart } from "@/lib/http/read-multipart";
import { preflightDocument } from "@/lib/stamps/preflight-document";

export const dynamic = "force-dynamic";

// POST /api/v1/affix/preflight (multipart: file) → pages, version, size, signatures, problems, projected sizes.
export const POST = apiHandler({ auth: "optional" }, async ({ request, user }) => {
  if (!user) throw commonErrors.unauthenticated();
  const form = await readMultipart(request, env().uploadMaxBytes, { maxParts: 16 });
  const file = form.file("file");
  if (!file) {
    throw new AppError("INVALID_INPUT", { id: "Lampirkan berkas PDF pada bagian 'file'.", en: "Attach the PDF as the 'file' part." });
  }
  const result = await preflightDocument(file.bytes, `account:${user.id}`);
  return jsonResponse(ZPreflight, result, { headers: { "Cache-Control": "no-store" } });
});
