/**
 * The one error type of the PDF layer. Every refusal carries a code from a closed set so the
 * edges (route handlers, server actions, the verification UI) can translate it with an
 * exhaustive switch, plus ready-made messages in Indonesian (first) and English.
 */

export const PDF_ERROR_CODES = [
  "NOT_PDF",
  "EMPTY",
  "ENCRYPTED",
  "DAMAGED",
  "DAMAGED_SIGNED",
  "PAGE_OUT_OF_RANGE",
  "PLACEMENT_OUT_OF_PAGE",
  "TOO_MANY_PAGES",
  "TOO_LARGE",
  "TOO_COMPLEX",
  "INVALID_SERIAL",
  "INVALID_SIGNER",
  "SIGNATURE_TOO_LARGE",
] as const;

export type PdfErrorCode = (typeof PDF_ERROR_CODES)[number];

export type PdfErrorMessage = { en: string; id: string };

export const pdfErrorMessages: Record<PdfErrorCode, PdfErrorMessage> = {
  NOT_PDF: {
    en: "This file is not a PDF document.",
    id: "Berkas ini bukan dokumen PDF.",
  },
  EMPTY: {
    en: "The file is empty.",
    id: "Berkas kosong.",
  },
  ENCRYPTED: {
    en: "The PDF is password-protected or encrypted. Remove the protection and upload it again.",
    id: "PDF dilindungi kata sandi atau terenkripsi. Hapus proteksinya lalu unggah kembali.",
  },
  DAMAGED: {
    en: "The PDF is damaged and could not be read.",
    id: "PDF rusak dan tidak dapat dibaca.",
  },
  DAMAGED_SIGNED: {
    en: "The PDF is damaged and already carries a signature; repairing it would invalidate that signature.",
    id: "PDF rusak dan sudah memiliki tanda tangan; memperbaikinya akan membatalkan tanda tangan tersebut.",
  },
  PAGE_OUT_OF_RANGE: {
    en: "The chosen page does not exist in this document.",
    id: "Halaman yang dipilih tidak ada dalam dokumen ini.",
  },
  PLACEMENT_OUT_OF_PAGE: {
    en: "The stamp position lies outside the visible page.",
    id: "Posisi meterai berada di luar area halaman yang terlihat.",
  },
  TOO_MANY_PAGES: {
    en: "The document has too many pages.",
    id: "Dokumen memiliki terlalu banyak halaman.",
  },
  TOO_LARGE: {
    en: "The file is too large.",
    id: "Ukuran berkas terlalu besar.",
  },
  TOO_COMPLEX: {
    en: "The PDF is too complex to process within the time and memory limits.",
    id: "PDF terlalu rumit untuk diproses dalam batas waktu dan memori.",
  },
  INVALID_SERIAL: {
    en: "The serial number is not well formed.",
    id: "Nomor seri tidak valid.",
  },
  INVALID_SIGNER: {
    en: "The signing key or certificate is unusable.",
    id: "Kunci atau sertifikat penanda tangan tidak dapat digunakan.",
  },
  SIGNATURE_TOO_LARGE: {
    en: "The signature does not fit the space reserved for it.",
    id: "Tanda tangan tidak muat di ruang yang disediakan.",
  },
};

export class PdfError extends Error {
  readonly code: PdfErrorCode;
  readonly messages: PdfErrorMessage;
  /** Technical detail for logs; never shown to people as-is. */
  readonly detail: string | undefined;

  constructor(code: PdfErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "PdfError";
    this.code = code;
    this.messages = pdfErrorMessages[code];
    this.detail = detail;
  }
}

export function isPdfError(value: unknown): value is PdfError {
  return value instanceof PdfError;
}

export function isPdfErrorCode(value: unknown): value is PdfErrorCode {
  return typeof value === "string" && (PDF_ERROR_CODES as readonly string[]).includes(value);
}
