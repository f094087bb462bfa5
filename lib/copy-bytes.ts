// Copying bytes into shared memory (a SharedArrayBuffer) at the speed of memcpy. Buffer#copy and
// TypedArray#set into shared memory are V8's "relaxed" copy, which goes byte by byte whenever source and
// target are not aligned alike on 8 bytes: 0.27 ms per MB against 0.04 when they are (Node 20). The
// pieces of an upload start wherever a multipart boundary happened to end, so in a profile of
// bench:verify that copy was the event loop's largest item (9% of the process's CPU).
// Buffer#fill with a Uint8Array as the value, over a range of exactly its length, is one native memcpy.

/** Copies all of `source` into `target` from `at`; returns the bytes copied. Throws when it does not fit. */
export function copyBytes(target: Uint8Array, source: Uint8Array, at: number): number {
  const length = source.byteLength;
  if (at < 0 || at + length > target.byteLength) throw new RangeError(`${length} bytes do not fit at ${at} in ${target.byteLength}`);
  if (length === 0) return 0; // fill refuses an empty value
  const into = target instanceof Buffer ? target : Buffer.from(target.buffer, target.byteOffset, target.byteLength);
  into.fill(source, at, at + length);
  return length;
}
