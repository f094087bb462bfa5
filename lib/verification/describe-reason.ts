import type { TLocale } from "@/lib/i18n/define-messages";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import type { TReason, TReasonParams } from "./verdicts";

// A verdict's reason in the reader's language. The code stays the machine's word (API, CSV column
// reason_code); the English detail line is what programs and logs read; Indonesian readers get the same
// facts from the code and its params. Pure, so the verify pages render it in the browser too.

type TSay = (p: TReasonParams, locale: TLocale) => string;

const INDONESIAN: Record<string, TSay> = {
  VALID: (p) => `tanda tangan utuh, nomor seri ${p.serial} terdaftar untuk revisi bertanda tangan persis ini dan tidak dicabut`,
  VALID_OFFLINE: () => "tanda tangan utuh dan dibuat dengan sertifikat portal; registri tidak dapat dihubungi (pendaftaran dan pencabutan tidak diperiksa)",
  SIGNATURE_UNREADABLE: () => "nilai tanda tangan tidak dapat dibaca",
  NOT_PORTAL_CERTIFICATE: (p) => (p.signer ? `ditandatangani oleh "${p.signer}", bukan dengan sertifikat portal yang diterbitkan` : "ditandatangani oleh penanda tangan tak dikenal, bukan dengan sertifikat portal yang diterbitkan"),
  SIGNATURE_INVALID: () => "nilai tanda tangan tidak cocok dengan sertifikatnya",
  SERIAL_CHECK_FAILED: (p) => (p.serial ? `karakter pemeriksa nomor seri ${p.serial} salah` : "tanda tangan tidak menyebut nomor seri"),
  NOT_REGISTERED: (p) => `nomor seri ${p.serial} tidak pernah diterbitkan oleh portal`,
  REVOKED: (p, locale) =>
    `nomor seri ${p.serial} telah dicabut${p.revokedAt ? ` pada ${formatJakartaTime(String(p.revokedAt), locale)}` : ""}${p.revokedReason ? `: ${p.revokedReason}` : ""}`,
  DIGEST_MISMATCH: () => "bagian yang dilindungi tanda tangan diubah setelah pembubuhan",
  REGISTERED_TO_OTHER_DOCUMENT: (p) => `nomor seri ${p.serial} terdaftar untuk dokumen bertanda tangan yang lain`,
  SIGNATURE_FROM_OTHER_DOCUMENT: (p) => `tanda tangan nomor seri ${p.serial} dibuat untuk dokumen lain lalu dipindahkan ke dokumen ini`,
  SERIAL_WITHOUT_SIGNATURE: (p) => `nomor seri ${p.serial} tercantum dalam berkas tanpa tanda tangan yang mendukungnya; nomor itu diterbitkan untuk dokumen lain`,
  OTHER_SIGNATURES_ONLY: (p) => `${p.signatureCount} tanda tangan, tidak satu pun e-Meterai`,
  NO_SIGNATURE: () => "berkas tidak memiliki tanda tangan digital",
  REWRITTEN_SHORTER: (p) => `tanda tangan mencakup ${p.signedBytes} byte tetapi berkas kini ${p.fileBytes} byte${oneGo(p)}`,
  REWRITTEN_OFFSETS_MOVED: (p) => `rentang byte yang ditandatangani tidak lagi sejajar dengan nilai tanda tangan${oneGo(p)}`,
  REWRITTEN_NO_REVISION: (p) => `revisi yang ditandatangani tidak lagi berakhir pada pembaruan inkremental${oneGo(p)}`,
  UPDATED_AFTER_STAMP: (p) => {
    const what = p.signedLater ? "pembaruan berikutnya yang bukan e-Meterai (tanda tangan lain)" : `${p.updates} pembaruan berikutnya yang bukan meterai`;
    const where = p.pagesKnown === 1 ? `; halaman yang berubah: ${p.pages}` : p.pagesKnown === 0 ? "; hanya byte tanpa objek PDF yang ditambahkan" : "; halaman yang berubah tidak dapat ditentukan";
    return `${what} mengubah dokumen setelah meterai ini (${p.bytes} byte)${where}`;
  },
  UNREADABLE_EMPTY: () => "berkas kosong",
  UNREADABLE_NOT_PDF: () => "bukan berkas PDF (tidak ada tanda %PDF- di awal berkas)",
  UNREADABLE_ENCRYPTED: () => "berkas terenkripsi",
  UNREADABLE_DAMAGED: () => "struktur PDF terlalu rusak atau terlalu rumit untuk dibaca",
  ZIP_UNREADABLE: () => "arsip ZIP tidak dapat dibaca",
  ZIP_ENTRY_UNREADABLE: () => "berkas dalam ZIP tidak dapat dibaca (ukuran tidak sesuai atau data rusak)",
  ZIP_PATH_TRAVERSAL: () => "jalur berkas mengarah ke luar arsip (absolut atau '..')",
  ZIP_NESTED_ARCHIVE: () => "arsip di dalam arsip tidak dibuka",
  ZIP_ENCRYPTED_ENTRY: () => "berkas dilindungi kata sandi",
  ZIP_NOT_PDF: () => "hanya berkas .pdf yang diverifikasi",
  ZIP_BOMB_SIZE: () => "ukuran berkas setelah diekstrak melebihi batas",
  ZIP_BOMB_RATIO: () => "berkas mengembang jauh melebihi ukuran terkompresinya",
  BATCH_TOO_LARGE: () => "batas ukuran total batch tercapai",
};

/** The rewrite's structure, and what it means: the stamp no longer proves the content (as the English detail says). */
function oneGo(p: TReasonParams) {
  return `${p.rewrittenInOneGo ? "; berkas kini hanya punya satu bagian referensi silang (ditulis ulang sekaligus)" : ""}; meterai tidak lagi membuktikan isi berkas ini`;
}

/** The reason line a person reads: English as the engine wrote it, or Indonesian from the code and params. */
export function describeReason(reason: TReason, locale: TLocale): string {
  if (locale === "en") return reason.detail;
  const p = reason.params ?? {};
  const say = INDONESIAN[reason.code];
  // A code this table does not know yet (or a batch stored before params existed) still gets an
  // Indonesian line: the code itself is shown beside it.
  const line = say ? say(p, locale) : "lihat kode alasan";
  return p.stampsTotal ? `${p.stampsMatching} dari ${p.stampsTotal} meterai: ${line}` : line;
}

/** Every code the Indonesian table covers (a unit test checks the engine emits no other). */
export const DESCRIBED_REASON_CODES = Object.keys(INDONESIAN);
