// The rules a ZIP of PDFs is read by, shared by the server's reader (read-zip.ts, yauzl) and the
// browser's (read-zip-in-browser.ts, fflate), so that an entry is refused for the same reason, with the
// same code, wherever the archive is opened. Pure: no Node, no DOM.
import type { TReason } from "./verdicts";

export type TZipLimits = { maxEntries: number; maxTotalBytes: number; maxEntryBytes: number };

export const MAX_RATIO = 100;
/** Below this many inflated bytes the ratio is not checked (tiny files compress extremely well). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;
export const ARCHIVE_RATIO_DETAIL = `the archive expands more than ${MAX_RATIO}× its size`;
export const ARCHIVE_NAME = /\.(zip|rar|7z|tar|tgz|gz|bz2|xz|zst|jar|apk|cab|iso)$/i;

/** An entry's name as it is shown: UTF-8 when the archive says so (general purpose bit 11), else Latin-1; NULs dropped. */
export function entryName(raw: Uint8Array, utf8: boolean): string {
  return new TextDecoder(utf8 ? "utf-8" : "latin1").decode(raw).replace(/\0/g, "");
}

/** The refusals decided before a byte is inflated: by name, and for encryption. Null when the entry may be read. */
export function refusalBeforeReading(raw: Uint8Array, name: string, encrypted: boolean): TReason | null {
  if (raw.includes(0) || name.includes("\\") || name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.split("/").includes("..")) {
    return { code: "ZIP_PATH_TRAVERSAL", detail: "the entry's path points outside the archive (absolute or '..')" };
  }
  if (ARCHIVE_NAME.test(name)) return { code: "ZIP_NESTED_ARCHIVE", detail: "archives inside the archive are not opened" };
  if (encrypted) return { code: "ZIP_ENCRYPTED_ENTRY", detail: "the entry is password protected" };
  if (!/\.pdf$/i.test(name)) return { code: "ZIP_NOT_PDF", detail: "only .pdf files are verified" };
  return null;
}

/** Checked while inflating, on every chunk: the entry's cap, the entry's ratio, the archive's ratio. */
export function inflationRefusal(seen: number, cap: number, compressedSize: number, archiveInflated: number, archiveSize: number): (TReason & { archiveBombed?: true }) | null {
  if (seen > cap) return { code: "ZIP_BOMB_SIZE", detail: `inflates beyond ${cap} bytes` };
  if (archiveInflated > RATIO_FLOOR_BYTES && archiveInflated / Math.max(1, archiveSize) > MAX_RATIO) return { code: "ZIP_BOMB_RATIO", detail: ARCHIVE_RATIO_DETAIL, archiveBombed: true };
  if (seen > RATIO_FLOOR_BYTES && seen / Math.max(1, compressedSize) > MAX_RATIO) return { code: "ZIP_BOMB_RATIO", detail: `expands more than ${MAX_RATIO}× its compressed size` };
  return null;
}

export const isZipMagic = (head: Uint8Array) => head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
