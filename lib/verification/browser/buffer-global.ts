// Injected by the browser bundle (scripts/build-bundles.mjs) wherever the shared PDF code names the global
// Buffer: the `buffer` package is node's Buffer API (latin1/hex/base64, indexOf, equals, concat) in plain JS.
import { Buffer } from "buffer";

// Its indexOf of a string compares byte by byte in JavaScript: the reader's scans of a whole file ("%%EOF",
// "/ByteRange", "e-Meterai [") took a third of a file's time. An ASCII needle is found here with the native
// Uint8Array indexOf for its first byte instead (same answer: ASCII is one byte in utf8 and latin1).
const nativeIndexOf = Uint8Array.prototype.indexOf;
const bufferIndexOf = Buffer.prototype.indexOf;
const ASCII = /^[\x00-\x7f]+$/;

Buffer.prototype.indexOf = function indexOf(this: Buffer, value: string | number | Uint8Array, byteOffset?: number | string, encoding?: string) {
  if (typeof value !== "string" || !ASCII.test(value) || (byteOffset !== undefined && typeof byteOffset !== "number") || (encoding !== undefined && encoding !== "utf8" && encoding !== "latin1" && encoding !== "binary" && encoding !== "ascii")) {
    return bufferIndexOf.call(this, value, byteOffset as number, encoding as BufferEncoding);
  }
  let from = byteOffset ?? 0;
  if (Number.isNaN(from)) from = 0;
  if (from < 0) from = Math.max(0, this.length + from);
  const first = value.charCodeAt(0);
  for (let at = nativeIndexOf.call(this, first, from); at >= 0; at = nativeIndexOf.call(this, first, at + 1)) {
    let i = 1;
    while (i < value.length && this[at + i] === value.charCodeAt(i)) i++;
    if (i === value.length) return at;
  }
  return -1;
} as typeof Buffer.prototype.indexOf;

export { Buffer };
