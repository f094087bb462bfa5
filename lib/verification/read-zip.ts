import yauzl from "yauzl";
import type { TVerifyEntry } from "./zip-types";
import { ARCHIVE_RATIO_DETAIL, entryName, inflationRefusal, isZipMagic, refusalBeforeReading, type TZipLimits } from "./zip-rules";

export type { TZipLimits } from "./zip-rules";

/**
 * Unpack a ZIP of PDFs for bulk verification, refusing dangerous entries one by one with a reason
 * (each becomes a row in the results) instead of failing the whole upload:
 *  - path traversal / absolute names (`../x.pdf`, `/etc/x`, `C:\x`), checked on the raw name because
 *    yauzl's own check would abort the whole archive;
 *  - zip bombs: bytes are counted while inflating, never trusting the headers: an entry stops at the
 *    per-entry cap, at the batch's remaining total, or once its expansion ratio exceeds MAX_RATIO; the
 *    archive as a whole stops once everything inflated so far exceeds MAX_RATIO × the archive's size
 *    (a thousand small entries of zeros each stay under the per-entry floor, not under this);
 *  - nested archives (by name or magic bytes), encrypted entries and anything that is not a .pdf.
 */

export class ZipUnreadableError extends Error {}

/**
 * `take` receives each entry as soon as it is inflated, before the next one is read: the caller can hand
 * it on (to the workers) and make the reading wait, so that a batch is never all in memory at once.
 */
export async function readZipEntries(zip: Buffer, limits: TZipLimits, used = { bytes: 0 }, take: (row: TVerifyEntry) => Promise<TVerifyEntry> | TVerifyEntry = (row) => row): Promise<TVerifyEntry[]> {
  /** Bytes inflated from this archive so far, for the archive's total ratio. */
  let inflated = 0;
  let bombed = false;
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
      error || !file ? reject(new ZipUnreadableError(error?.message ?? "unreadable")) : resolve(file),
    ),
  );
  const out: TVerifyEntry[] = [];
  return new Promise((resolve, reject) => {
    zipfile.on("error", (error: Error) => reject(new ZipUnreadableError(error.message)));
    zipfile.on("end", () => resolve(out));
    zipfile.on("entry", (entry: yauzl.Entry) => {
      void handle(entry).then(async (row) => {
        if (row) out.push(await take(row));
        if (out.length >= limits.maxEntries) {
          zipfile.close();
          resolve(out);
          return;
        }
        zipfile.readEntry();
      }, reject);
    });
    zipfile.readEntry();
  });

  async function handle(entry: yauzl.Entry): Promise<TVerifyEntry | null> {
    const raw = entry.fileName as unknown as Buffer;
    const utf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
    const name = entryName(raw, utf8);
    if (name.endsWith("/")) return null;
    const refuse = (code: string, detail: string, sizeBytes = entry.uncompressedSize): TVerifyEntry => ({ name: name.slice(0, 300), refused: { code, detail }, sizeBytes });
    const early = refusalBeforeReading(raw, name, entry.isEncrypted());
    if (early) return refuse(early.code, early.detail);
    if (bombed) return refuse("ZIP_BOMB_RATIO", ARCHIVE_RATIO_DETAIL);
    const remaining = limits.maxTotalBytes - used.bytes;
    if (remaining <= 0) return refuse("BATCH_TOO_LARGE", "the batch's total size limit was reached");
    const cap = Math.min(limits.maxEntryBytes, remaining);
    const result = await inflate(entry, cap);
    if ("refused" in result) return refuse(result.refused.code, result.refused.detail, result.bytesSeen);
    used.bytes += result.bytes.length;
    if (isZipMagic(result.bytes)) return refuse("ZIP_NESTED_ARCHIVE", "the entry is itself a ZIP archive");
    return { name: name.slice(0, 300), bytes: new Uint8Array(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength) };
  }

  function inflate(entry: yauzl.Entry, cap: number): Promise<{ bytes: Buffer } | { refused: { code: string; detail: string }; bytesSeen: number }> {
    return new Promise((resolve) => {
      zipfile.openReadStream(entry, (error, stream) => {
        if (error || !stream) return resolve({ refused: { code: "ZIP_ENTRY_UNREADABLE", detail: error?.message ?? "cannot be read" }, bytesSeen: 0 });
        const chunks: Buffer[] = [];
        let seen = 0;
        let done = false;
        const stop = (code: string, detail: string) => {
          if (done) return;
          done = true;
          stream.unpipe();
          stream.destroy();
          resolve({ refused: { code, detail }, bytesSeen: seen });
        };
        stream.on("data", (chunk: Buffer) => {
          seen += chunk.length;
          inflated += chunk.length;
          const refusal = inflationRefusal(seen, cap, entry.compressedSize, inflated, zip.byteLength);
          if (refusal) {
            if (refusal.archiveBombed) bombed = true;
            return stop(refusal.code, refusal.detail);
          }
          chunks.push(chunk);
        });
        stream.on("error", (streamError: Error) => stop("ZIP_ENTRY_UNREADABLE", `${streamError.message} (sizes do not match the header or data is corrupt)`));
        stream.on("end", () => {
          if (done) return;
          done = true;
          resolve({ bytes: Buffer.concat(chunks, seen) });
        });
      });
    });
  }
}
