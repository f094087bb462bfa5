import "server-only";
// The affix API's edge (thin: authenticate → parse → affixStamps → the stamped PDF). Next serves it from
// app/api/v1/affix/route.ts; under `npm start` the front door calls it directly (lib/server/front-door.ts).
import { z } from "zod";
import { commonErrors, AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/edge/api-handler";
import { idempotencyKeyFrom } from "@/lib/edge/idempotency-key";
import { responseWithBytes } from "@/lib/http/prepared-body";
import { readMultipart } from "@/lib/http/read-multipart";
import { releaseSharedBytes } from "@/lib/http/upload-memory";
import { env } from "@/lib/env";
import { affixStamps } from "@/lib/stamps/affix-stamps";
import { findHeldUpload } from "@/lib/storage/pending-uploads";
import { ZDocumentDetails, ZPlacements } from "@/lib/stamps/affix-request";

const invalid = (field: string, id: string, en: string) => new AppError("INVALID_INPUT", { id, en }, { details: { field } });

// POST /api/v1/affix (multipart: file or uploadId, placements, documentType, documentNumber, documentDate; Idempotency-Key header)
export const affixRoute = apiHandler({ auth: "optional" }, async ({ request, user }) => {
  if (!user) throw commonErrors.unauthenticated();
  const key = idempotencyKeyFrom(request.headers);
  if (!key) throw invalid("Idempotency-Key", "Header Idempotency-Key wajib diisi (8–200 karakter ASCII).", "The Idempotency-Key header is required (8–200 ASCII characters).");
  // In shared memory: the worker reads the file, and writes the stamped file back, without a copy (pdf-pool.ts).
  const form = await readMultipart(request, env().uploadMaxBytes, { maxParts: 16, sharedMemory: true });
  const uploadId = form.text("uploadId");
  // The file checked by the pre-flight, named instead of sent again (lib/storage/pending-uploads.ts).
  const file = form.file("file") ?? (uploadId ? await heldFile(uploadId, user.id) : null);
  if (!file) throw invalid("file", "Lampirkan berkas PDF pada bagian 'file'.", "Attach the PDF as the 'file' part.");
  let placementsJson: unknown;
  try {
    placementsJson = JSON.parse(form.text("placements") ?? "");
  } catch {
    throw invalid("placements", "'placements' harus berupa JSON.", "'placements' must be JSON.");
  }
  const placements = ZPlacements.safeParse(placementsJson);
  if (!placements.success) throw invalid("placements", "'placements' harus daftar {page, x, y, width?} (1–20 posisi).", "'placements' must be a list of {page, x, y, width?} (1 to 20 placements).");
  const details = ZDocumentDetails.safeParse({ documentType: form.text("documentType"), documentNumber: form.text("documentNumber"), documentDate: form.text("documentDate") });
  if (!details.success) {
    const field = String(details.error.issues[0]?.path[0] ?? "documentType");
    throw invalid(field, `Isian '${field}' tidak valid (jenis dan nomor dokumen wajib; tanggal format YYYY-MM-DD).`, `Field '${field}' is invalid (document type and number are required; date as YYYY-MM-DD).`);
  }
  const result = await affixStamps({
    userId: user.id,
    actor: { id: user.id, label: user.email },
    pdf: file.bytes,
    handOverPdf: true,
    fileName: file.filename,
    placements: placements.data,
    details: details.data,
    idempotencyKey: key,
  });
  const name = stampedFileName(file.filename);
  // The front door writes these bytes as they are, without reading them back through the body's stream.
  return responseWithBytes(result.pdf, {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${name}"`,
      "X-Meterai-Serials": result.serials.join(","),
      "X-Meterai-Job": result.jobId,
      ...(result.replayed ? { "X-Idempotent-Replay": "true" } : {}),
      ...(result.repaired ? { "X-Meterai-Repaired": "true" } : {}),
      "Cache-Control": "no-store",
    },
  }, { sent: () => releaseSharedBytes([result.pdf, file.bytes]) });
});

async function heldFile(uploadId: string, ownerId: string) {
  const held = await findHeldUpload({ uploadId, ownerId });
  if (!held) {
    throw new AppError(
      "UPLOAD_NOT_FOUND",
      { id: "Berkas yang diperiksa tadi tidak disimpan lagi. Kirim berkasnya sekali lagi.", en: "The file checked earlier is no longer held. Send the file again." },
      { status: 404, details: { field: "uploadId" } },
    );
  }
  return { bytes: held.bytes, filename: held.fileName };
}

// Built once: building a zod schema per call cost about 0.05 ms of each stamp (bench:affix profile).
const ZFileName = z.string().catch("dokumen.pdf");

export function stampedFileName(original: string): string {
  const base = ZFileName.parse(original).replace(/\.pdf$/i, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "dokumen";
  return `${base}-bermeterai.pdf`;
}
