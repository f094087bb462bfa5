// Injected by the browser bundle (scripts/build-bundles.mjs) wherever the shared PDF code names the global
// Buffer: the `buffer` package is node's Buffer API (latin1/hex/base64, indexOf, equals, concat) in plain JS.
import { Buffer } from "buffer";
import { findAll, findBytes } from "./find-bytes";

// Its indexOf of a string compares byte by byte in JavaScript: the reader's scans of a whole file ("%%EOF",
// "/ByteRange", "e-Meterai [") took a third of a file's time. An ASCII needle is found here by findBytes
// instead (same answer: ASCII is one byte in utf8 and latin1).
const bufferIndexOf = Buffer.prototype.indexOf;
const ASCII = /^[\x00-\x7f]+$/;
const NEEDLES = new Map<string, Uint8Array>();
function asciiBytes(value: string): Uint8Array {
  let bytes = NEEDLES.get(value);
  if (!bytes) {
    bytes = Uint8Array.from(value, (c) => c.charCodeAt(0));
    if (NEEDLES.size > 64) NEEDLES.clear();
    NEEDLES.set(value, bytes);
  }
  return bytes;
}

Buffer.prototype.indexOf = function indexOf(this: Buffer, value: string | number | Uint8Array, byteOffset?: number | string, encoding?: string) {
  if (typeof value !== "string" || !ASCII.test(value) || (byteOffset !== undefined && typeof byteOffset !== "number") || (encoding !== undefined && encoding !== "utf8" && encoding !== "latin1" && encoding !== "binary" && encoding !== "ascii")) {
    return bufferIndexOf.call(this, value, byteOffset as number, encoding as BufferEncoding);
  }
  let from = byteOffset ?? 0;
  if (Number.isNaN(from)) from = 0;
  if (from < 0) from = Math.max(0, this.length + from);
  const all = this.length >= WHOLE_FILE_BYTES && KEPT_NEEDLES.has(value) ? occurrences(this, value) : null;
  if (!all) return findBytes(this, asciiBytes(value), from);
  // The first occurrence at or after `from`.
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (all[middle] < from) low = middle + 1;
    else high = middle;
  }
  return low < all.length ? all[low] : -1;
} as typeof Buffer.prototype.indexOf;

// A file is scanned for the same needle by several readers (known-digests.ts and read-signatures.ts both walk
// every "/ByteRange"; the reader looks for "%%EOF" again after revisionBoundaries): those needles' offsets in a
// large buffer are found once, then answered from the list. Only for them: a reader's one search from near the
// end of the file ("xref") would cost a whole scan. Kept for the file's bytes only (same ArrayBuffer, offset and
// length), which the reader never writes to.
const KEPT = ["/ByteRange", "%%EOF"];
const KEPT_NEEDLES = new Set(KEPT);
const WHOLE_FILE_BYTES = 256 * 1024;
const MAX_OCCURRENCES = 10_000;
let scanned: { buffer: ArrayBufferLike; byteOffset: number; length: number; byNeedle: Map<string, number[] | null> } | undefined;

function occurrences(haystack: Buffer, needle: string): number[] | null {
  if (!scanned || scanned.buffer !== haystack.buffer || scanned.byteOffset !== haystack.byteOffset || scanned.length !== haystack.length) {
    scanned = { buffer: haystack.buffer, byteOffset: haystack.byteOffset, length: haystack.length, byNeedle: new Map() };
  }
  let all = scanned.byNeedle.get(needle);
  if (all === undefined) {
    // Every kept needle at once: one pass over the file instead of one per needle (findAll). A needle with too
    // many to keep (a hostile file) gets null, and is searched each time instead, as before.
    const lists = findAll(haystack, KEPT.map(asciiBytes), MAX_OCCURRENCES);
    KEPT.forEach((kept, i) => scanned!.byNeedle.set(kept, lists[i]));
    all = scanned.byNeedle.get(needle) ?? null;
  }
  return all;
}

export { Buffer };
