import { createHash, type Hash } from "node:crypto";

/**
 * SHA-256 of a file's prefixes in one pass. Verification needs several digests that share most of
 * their bytes: each signature's signed ranges ([0, a) then [b, c)), each revision's prefix, and the
 * whole file. Each is the running hash's state at some offset, copied and finished, so every byte is
 * hashed once (before, a 1 MB stamped file was hashed twice). States at the given stops (the revision
 * boundaries) are kept as the hash passes them, so a later question about an earlier stop is answered
 * without hashing again.
 */
/**
 * Digests already known (the browser computes the likely ones with WebCrypto's native SHA-256 before
 * reading the file, several times faster than hashing in JavaScript): answered without hashing. Keys:
 * prefixes by end offset, ranges by their ByteRange joined with commas.
 */
export type TKnownDigests = {
  prefixes: Map<number, Uint8Array>;
  ranges: Map<string, Uint8Array>;
  /** revisionBoundaries(bytes) of the same bytes, when the caller computed it already (one scan of the file fewer). */
  boundaries?: number[];
};

export class PrefixHasher {
  private cursor = 0;
  private readonly running: Hash = createHash("sha256");
  private readonly saved = new Map<number, Hash>();
  private readonly stops: number[];

  constructor(
    private readonly buffer: Buffer,
    stops: number[] = [],
    private readonly known?: TKnownDigests,
  ) {
    this.stops = [...new Set(stops)].filter((s) => s > 0 && s <= buffer.length).sort((a, b) => a - b).slice(0, 2000);
  }

  /** SHA-256 of bytes [0, offset) in hex. */
  prefixHex(offset: number): string {
    const known = this.known?.prefixes.get(offset);
    if (known) return Buffer.from(known).toString("hex");
    return this.stateAt(offset).digest("hex");
  }

  /** SHA-256 of a signature's ByteRange [start, length1, offset2, length2] (the two ranges, in order). */
  rangeDigest([start, length1, offset2, length2]: number[]): Buffer {
    const known = this.known?.ranges.get(`${start},${length1},${offset2},${length2}`);
    if (known) return Buffer.from(known);
    const second = this.buffer.subarray(offset2, Math.min(this.buffer.length, offset2 + length2));
    if (start !== 0) return createHash("sha256").update(this.buffer.subarray(start, start + length1)).update(second).digest();
    return this.stateAt(length1).update(second).digest();
  }

  /** A copy of the hash state over [0, offset), free for the caller to update and finish. */
  private stateAt(wanted: number): Hash {
    const offset = Math.max(0, Math.min(this.buffer.length, wanted));
    const known = this.saved.get(offset);
    if (known) return known.copy();
    if (offset < this.cursor) {
      // Behind the pass and not a stop: start from the nearest kept state before it.
      let from = 0;
      for (const at of this.saved.keys()) if (at <= offset && at > from) from = at;
      const state = from > 0 ? this.saved.get(from)!.copy() : createHash("sha256");
      return state.update(this.buffer.subarray(from, offset));
    }
    for (const stop of this.stops) {
      if (stop <= this.cursor) continue;
      if (stop >= offset) break;
      this.advanceTo(stop);
    }
    this.advanceTo(offset);
    return this.running.copy();
  }

  private advanceTo(offset: number): void {
    if (offset > this.cursor) this.running.update(this.buffer.subarray(this.cursor, offset));
    this.cursor = offset;
    if (!this.saved.has(offset)) this.saved.set(offset, this.running.copy());
  }
}
