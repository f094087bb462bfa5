import { AppError } from "@/lib/errors";
import { isPdfError, pdfErrorMessages } from "@/lib/pdf/pdf-error";

export const affixErrors = {
  keyReused: () =>
    new AppError("IDEMPOTENCY_KEY_REUSED", {
      id: "Kunci idempotensi ini sudah dipakai untuk dokumen atau posisi lain. Gunakan kunci baru untuk permintaan baru.",
      en: "This idempotency key was already used for another document or placement. Use a new key for a new request.",
    }, { status: 409 }),
  inProgress: (retryAfterSeconds: number) =>
    new AppError("AFFIX_IN_PROGRESS", {
      id: `Permintaan ini masih diproses. Coba lagi dalam ${retryAfterSeconds} detik; kuota tidak akan terpakai dua kali.`,
      en: `This request is still being processed. Retry in ${retryAfterSeconds} seconds; quota will not be used twice.`,
    }, { status: 409, details: { retryAfterSeconds } }),
  notRetained: (serials: string[]) =>
    new AppError("FILE_NOT_RETAINED", {
      id: "Dokumen sudah dibubuhi meterai, tetapi berkasnya tidak disimpan (masa simpan habis). Nomor seri tetap tercatat.",
      en: "The document was stamped, but its file is no longer kept (retention ended). The serials remain registered.",
    }, { status: 410, details: { serials } }),
  storageFailed: () =>
    new AppError("STORAGE_FAILED", {
      id: "Berkas bermeterai tidak dapat disimpan. Tidak ada kuota yang terpakai; coba lagi sebentar lagi.",
      en: "The stamped file could not be stored. No quota was used; please try again shortly.",
    }, { status: 503 }),
  tooLarge: (maxBytes: number) =>
    new AppError("PAYLOAD_TOO_LARGE", {
      id: `Berkas lebih besar dari batas ${Math.round(maxBytes / 1024 / 1024)} MB.`,
      en: `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit.`,
    }, { status: 413 }),
};

/** A PDF-layer refusal, as the portal's error with the same code and bilingual message. */
export function fromPdfError(error: unknown): AppError | null {
  if (!isPdfError(error)) return null;
  const message = pdfErrorMessages[error.code];
  const status = error.code === "TOO_LARGE" ? 413 : 422;
  return new AppError(`PDF_${error.code}`, { id: message.id, en: message.en }, { status });
}
