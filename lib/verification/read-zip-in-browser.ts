// A ZIP of PDFs opened on the committee's computer (the /verify/bulk page), by the same rules as the
// server's reader (zip-rules.ts): path traversal, nested archives, encrypted and non-PDF entries are
// refused one by one; an entry stops at its cap, at the batch's remaining total, or once its ratio or the
// archive's exceeds MAX_RATIO, counting the bytes as they inflate and never trusting the headers.
// The central directory is read here (as yauzl does) and each entry inflated with fflate's streaming
// Inflate, one entry at a time when the caller asks for it: a batch is never all inflated at once.
// Pure: no DOM, no Node; unit-tested in Node.
import { Inflate } from "fflate";
import type { TReason } from "./verdicts";
import { ARCHIVE_RATIO_DETAIL, entryName, inflationRefusal, isZipMagic, refusalBeforeReading, type TZipLimits } from "./zip-rules";

export type TZipRow = { name: string; bytes: Uint8Array } | { name: string; refused: TReason; sizeBytes: number };

export class ZipUnreadableError extends Error {}

type TCentralEntry = { raw: Uint8Array; utf8: boolean; encrypted: boolean; method: number; compressedSize: number; uncompressedSize: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes handed to the inflater at a time: bounds what one step can expand to before the caps are checked. */
const STEP = 16 * 1024;

/**
 * The archive's entries, read lazily: each `next()` inflates one entry. `used.bytes` counts the batch's
 * inflated bytes across archives (for maxTotalBytes). Throws ZipUnreadableError when the archive
 * itself cannot be read (no end record, a directory outside the file, ZIP64).
 */
export function* readZipInBrowser(zip: Uint8Array, limits: TZipLimits, used = { bytes: 0 }): Generator<TZipRow> {
  const entries = centralDirectory(zip);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let inflated = 0;
  let bombed = false;
  let given = 0;
  for (const entry of entries) {
    if (given >= limits.maxEntries) return;
    const name = entryName(entry.raw, entry.utf8);
    if (name.endsWith("/")) continue;
    const shown = name.slice(0, 300);
    given++;
    const refuse = (refused: TReason, sizeBytes = entry.uncompressedSize): TZipRow => ({ name: shown, refused, sizeBytes });
    const early = refusalBeforeReading(entry.raw, name, entry.encrypted);
    if (early) {
      yield refuse(early);
      continue;
    }
    if (bombed) {
      yield refuse({ code: "ZIP_BOMB_RATIO", detail: ARCHIVE_RATIO_DETAIL });
      continue;
    }
    const remaining = limits.maxTotalBytes - used.bytes;
    if (remaining <= 0) {
      yield refuse({ code: "BATCH_TOO_LARGE", detail: "the batch's total size limit was reached" });
      continue;
    }
    const cap = Math.min(limits.maxEntryBytes, remaining);
    const data = entryData(zip, view, entry);
    if ("refused" in data) {
      yield refuse(data.refused, 0);
      continue;
    }
    const result = inflateEntry(data.bytes, entry, cap, (n) => {
      inflated += n;
      return inflated;
    }, zip.byteLength);
    if ("refused" in result) {
      if (result.refused.archiveBombed) bombed = true;
      yield refuse({ code: result.refused.code, detail: result.refused.detail }, result.seen);
      continue;
    }
    used.bytes += result.bytes.byteLength;
    if (isZipMagic(result.bytes)) {
      yield refuse({ code: "ZIP_NESTED_ARCHIVE", detail: "the entry is itself a ZIP archive" });
      continue;
    }
    yield { name: shown, bytes: result.bytes };
  }
}

/** How many rows the archive will give (its entries less directories), from its central directory alone. */
export function countZipEntries(zip: Uint8Array): number {
  return centralDirectory(zip).filter((entry) => !entryName(entry.raw, entry.utf8).endsWith("/")).length;
}

function centralDirectory(zip: Uint8Array): TCentralEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is in the last 22 + 65,535 bytes (its comment may be that long).
  let end = -1;
  for (let i = zip.byteLength - 22; i >= Math.max(0, zip.byteLength - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipUnreadableError("end of central directory record not found");
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipUnreadableError("ZIP64 archives are not supported");
  if (offset + size > end) throw new ZipUnreadableError("the central directory lies outside the file");
  const entries: TCentralEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new ZipUnreadableError(`invalid central directory file header signature at ${at}`);
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: TCentralEntry = {
      raw: zip.subarray(at + 46, at + 46 + nameLength),
      utf8: (flags & 0x800) !== 0,
      encrypted: (flags & 0x1) !== 0,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipUnreadableError("ZIP64 entries are not supported");
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(zip: Uint8Array, view: DataView, entry: TCentralEntry): { bytes: Uint8Array } | { refused: TReason } {
  const at = entry.localOffset;
  if (at + 30 > zip.byteLength || view.getUint32(at, true) !== LOCAL) return { refused: { code: "ZIP_ENTRY_UNREADABLE", detail: "invalid local file header signature" } };
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > zip.byteLength) return { refused: { code: "ZIP_ENTRY_UNREADABLE", detail: "the entry's data runs past the end of the archive" } };
  return { bytes: zip.subarray(start, stop) };
}

type TInflated = { bytes: Uint8Array } | { refused: TReason & { archiveBombed?: true }; seen: number };

function inflateEntry(compressed: Uint8Array, entry: TCentralEntry, cap: number, countArchive: (n: number) => number, archiveSize: number): TInflated {
  if (entry.method !== 0 && entry.method !== 8) return { refused: { code: "ZIP_ENTRY_UNREADABLE", detail: `unsupported compression method ${entry.method}` }, seen: 0 };
  const chunks: Uint8Array[] = [];
  let seen = 0;
  let refused: (TReason & { archiveBombed?: true }) | null = null;
  const take = (chunk: Uint8Array) => {
    if (refused) return;
    seen += chunk.byteLength;
    refused = inflationRefusal(seen, cap, entry.compressedSize, countArchive(chunk.byteLength), archiveSize);
    if (!refused) chunks.push(chunk);
  };
  try {
    if (entry.method === 0) {
      for (let i = 0; i < compressed.byteLength && !refused; i += STEP) take(compressed.subarray(i, i + STEP));
    } else {
      const inflater = new Inflate((chunk) => take(chunk));
      for (let i = 0; i < compressed.byteLength && !refused; i += STEP) inflater.push(compressed.subarray(i, i + STEP), i + STEP >= compressed.byteLength);
    }
  } catch (error) {
    return { refused: { code: "ZIP_ENTRY_UNREADABLE", detail: `${(error as Error).message} (sizes do not match the header or data is corrupt)` }, seen };
  }
  if (refused) return { refused, seen };
  if (seen !== entry.uncompressedSize) return { refused: { code: "ZIP_ENTRY_UNREADABLE", detail: `inflated to ${seen} bytes, the header says ${entry.uncompressedSize} (sizes do not match the header or data is corrupt)` }, seen };
  const bytes = new Uint8Array(seen);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}
