import { AppError, commonErrors } from "@/lib/errors";
import { env } from "@/lib/env";
import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZPreflight } from "@/lib/stamps/affix-request";
import { readMultipart } from "@/lib/http/read-multipart";
import { preflightDocument } from "@/lib/stamps/preflight-document";
import { holdUpload } from "@/lib/storage/pending-uploads";

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
  // A file that can be stamped is kept for a while, so the affix request can name it instead of sending it again.
  const held = result.ok ? await holdUpload({ ownerId: user.id, bytes: file.bytes, fileName: file.filename }) : null;
  return jsonResponse(ZPreflight, held ? { ...result, ...{ uploadId: held.uploadId, uploadExpiresAt: held.expiresAt } } : result, { headers: { "Cache-Control": "no-store" } });
});
