/**
 * Where `needle` (ASCII) first occurs in `buffer` at or after `from`, or -1: what Buffer#indexOf(needle)
 * answers, faster for long needles. Node searches a needle of 7 bytes or more with Boyer-Moore-Horspool,
 * which measured 3–8× slower on PDF bytes than searching the needle's first 6 bytes (a plain scan) and
 * comparing the rest: 0.11–0.26 against 0.47–1.05 ms per MB for "/ByteRange", on a generated 1 MB
 * document and four real ones (us_constitution, giraffe, linearized_with_object_streams, fancy_fields;
 * 2026-11-30). A CPU profile of bench:verify had the scan for "/ByteRange" as the verification workers'
 * largest cost after hashing.
 */
const HEAD = 6;
/**
 * Only Node's own Buffer searches that way. In the browser bundle, Buffer is the `buffer` package with a
 * search of our own (lib/verification/browser/buffer-global.ts), which also keeps the offsets of
 * "/ByteRange" once found: there the whole needle is asked for.
 */
const NODE_BUFFER = typeof process !== "undefined" && Boolean(process.versions?.node);

export function indexOfAscii(buffer: Buffer, needle: string, from = 0): number {
  if (!NODE_BUFFER || needle.length <= HEAD) return buffer.indexOf(needle, from, "latin1");
  const head = needle.slice(0, HEAD);
  for (let at = buffer.indexOf(head, from, "latin1"); at >= 0; at = buffer.indexOf(head, at + 1, "latin1")) {
    let i = HEAD;
    while (i < needle.length && buffer[at + i] === needle.charCodeAt(i)) i++;
    if (i === needle.length) return at;
  }
  return -1;
}
