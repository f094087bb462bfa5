import type { TKnownDigests } from "@/lib/pdf/prefix-hasher";
import { revisionBoundaries } from "@/lib/pdf/read-signatures";

/**
 * The SHA-256s the facts extractor will most likely ask for, computed first with WebCrypto's native digest
 * (several times faster than hashing in JavaScript, which the extractor's synchronous, incremental hasher
 * has to do): the whole file, and for each `/ByteRange [0 a b l]` in the bytes its two ranges, its signed
 * revision [0, b + l) and the revision before it (up to the previous %%EOF). Found by a plain scan, so it
 * may guess wrong: the extractor uses a digest only where its key is exactly what it asks for, and hashes
 * anything else itself, so the facts are the same either way.
 */
const MAX_DIGESTS = 12;
const BYTE_RANGE_LENGTH = "/ByteRange".length;

export async function knownDigestsOf(bytes: Uint8Array): Promise<TKnownDigests | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || bytes.length === 0) return undefined;
  // The reader's own function, so the extractor takes them as they are instead of scanning the file again.
  const boundaries = revisionBoundaries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const prefixes = new Set<number>([bytes.length]);
  const ranges = new Map<string, [number, number, number]>();
  // Buffer's indexOf, whose answers the browser's Buffer keeps for the reader's own scan (buffer-global.ts).
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = buffer.indexOf("/ByteRange"); at >= 0; at = buffer.indexOf("/ByteRange", at + BYTE_RANGE_LENGTH)) {
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
  const known: TKnownDigests = { prefixes: new Map(), ranges: new Map(), boundaries };
  await Promise.all([
    ...[...prefixes].map(async (offset) => known.prefixes.set(offset, await digest(bytes.subarray(0, offset)))),
    ...[...ranges].map(async ([key, [a, b, l]]) => {
      // As PrefixHasher.rangeDigest reads it: each range cut at the end of the file.
      const firstEnd = Math.min(bytes.length, a);
      const secondStart = Math.min(bytes.length, b);
      const secondEnd = Math.min(bytes.length, b + l);
      if (secondStart < firstEnd) {
        const joined = new Uint8Array(firstEnd + secondEnd - secondStart);
        joined.set(bytes.subarray(0, firstEnd));
        joined.set(bytes.subarray(secondStart, secondEnd), firstEnd);
        known.ranges.set(key, await digest(joined));
        return;
      }
      // The second range (a signed file's short tail) is moved next to the first for the call and put back
      // at once, instead of copying the whole file into a joined buffer: digest() copies its input before
      // returning (WebCrypto: "get a copy of the bytes held by data"), so the bytes are whole again before any await.
      const displaced = new Uint8Array(bytes.subarray(firstEnd, firstEnd + secondEnd - secondStart)); // a copy, also for a Buffer
      bytes.copyWithin(firstEnd, secondStart, secondEnd);
      const pending = digest(bytes.subarray(0, firstEnd + secondEnd - secondStart));
      bytes.set(displaced, firstEnd);
      known.ranges.set(key, await pending);
    }),
  ]);
  return known;
}
