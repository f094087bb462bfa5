import { NextResponse } from "next/server";
import { AppError, commonErrors } from "@/lib/errors";
import { env } from "@/lib/env";
import { apiHandler } from "@/lib/edge/api-handler";
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
  return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
});
