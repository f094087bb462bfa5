import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/edge/api-handler";
import { readMultipart } from "@/lib/http/read-multipart";
import { limits } from "@/lib/rate-limit";
import { verifyDocuments } from "@/lib/verification/verify-documents";

export const dynamic = "force-dynamic";

// POST /api/v1/verify/public: the public page's single-file check. No account; rate-limited per IP
// (no CAPTCHA service is reachable from this deployment, so the per-IP limit is the bot defence).
export const POST = apiHandler({ auth: "public", rateLimit: { name: "public-verify", rule: limits.publicVerifyPerIp } }, async ({ request, ip }) => {
  const form = await readMultipart(request, env().uploadMaxBytes, { maxParts: 16 });
  const file = form.file("file");
  if (!file) throw new AppError("INVALID_INPUT", { id: "Pilih satu berkas PDF.", en: "Choose one PDF file." }, { details: { field: "file" } });
  const [result] = await verifyDocuments({ files: [{ name: file.filename.slice(0, 300) || "document.pdf", bytes: file.bytes }], owner: `ip:${ip}` });
  return NextResponse.json({ result }, { headers: { "Cache-Control": "no-store" } });
});
