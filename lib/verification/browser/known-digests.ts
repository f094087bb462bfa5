import type { TKnownDigests } from "@/lib/pdf/prefix-hasher";

/**
 * The SHA-256s the facts extractor will most likely ask for, computed first with WebCrypto's native digest
 * (several times faster than hashing in JavaScript, which the extractor's synchronous, incremental hasher
 * has to do): the whole file, and for each `/ByteRange [0 a b l]` in the bytes its two ranges, its signed
 * revision [0, b + l) and the revision before it (up to the previous %%EOF). Found by a plain scan, so it
 * may guess wrong: the extractor uses a digest only where its key is exactly what it asks for, and hashes
 * anything else itself, so the facts are the same either way.
 */
const MAX_DIGESTS = 12;
const EOF = [...new TextEncoder().encode("%%EOF")];
const BYTE_RANGE = [...new TextEncoder().encode("/ByteRange")];

/** The next offset of `pattern` from `from`, or -1: the native indexOf finds its first byte. */
function find(bytes: Uint8Array, pattern: number[], from: number): number {
  for (let at = bytes.indexOf(pattern[0], from); at >= 0; at = bytes.indexOf(pattern[0], at + 1)) {
    let i = 1;
    while (i < pattern.length && bytes[at + i] === pattern[i]) i++;
    if (i === pattern.length) return at;
  }
  return -1;
}

export async function knownDigestsOf(bytes: Uint8Array): Promise<TKnownDigests | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || bytes.length === 0) return undefined;
  const boundaries: number[] = [];
  for (let at = find(bytes, EOF, 0); at >= 0 && boundaries.length < 10_000; at = find(bytes, EOF, at + 5)) {
    let end = at + 5;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    boundaries.push(end);
  }
  const prefixes = new Set<number>([bytes.length]);
  const ranges = new Map<string, [number, number, number]>();
  for (let at = find(bytes, BYTE_RANGE, 0); at >= 0; at = find(bytes, BYTE_RANGE, at + BYTE_RANGE.length)) {
    const match = /^\/ByteRange\s*\[\s*0\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/.exec(String.fromCharCode(...bytes.subarray(at, at + 80)));
    if (!match) continue;
    const [a, b, l] = [Number(match[1]), Number(match[2]), Number(match[3])];
    ranges.set(`0,${a},${b},${l}`, [a, b, l]);
    const revisionEnd = b + l;
    if (revisionEnd <= bytes.length) prefixes.add(revisionEnd);
    const index = boundaries.indexOf(revisionEnd);
    if (index >= 0) prefixes.add(index === 0 ? 0 : boundaries[index - 1]);
    if (ranges.size + prefixes.size >= MAX_DIGESTS) break;
  }
  const digest = async (data: Uint8Array) => new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  const known: TKnownDigests = { prefixes: new Map(), ranges: new Map() };
  await Promise.all([
    ...[...prefixes].map(async (offset) => known.prefixes.set(offset, await digest(bytes.subarray(0, offset)))),
    ...[...ranges].map(async ([key, [a, b, l]]) => {
      // As PrefixHasher.rangeDigest reads it: each range cut at the end of the file.
      const first = bytes.subarray(0, Math.min(bytes.length, a));
      const second = bytes.subarray(Math.min(bytes.length, b), Math.min(bytes.length, b + l));
      const joined = new Uint8Array(first.length + second.length);
      joined.set(first);
      joined.set(second, first.length);
      known.ranges.set(key, await digest(joined));
    }),
  ]);
  return known;
}
