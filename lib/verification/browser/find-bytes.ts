/**
 * The first offset ≥ `from` where `needle` occurs in `haystack`, or -1: what Buffer.indexOf answers for bytes.
 * For the browser bundle, where the `buffer` package compares byte by byte in JavaScript. Needles of 4 bytes
 * or more ("%%EOF", "/ByteRange", "e-Meterai ["): Boyer–Moore–Horspool, which skips up to the needle's length
 * per step. On a 1 MB stamped file in Chromium it found every "%%EOF" in 1.5 ms and every "/ByteRange" in
 * 0.9 ms, where calling the native Uint8Array indexOf for each "%" took 2.6 to 5 ms (its call per candidate
 * costs more than the search). Shorter needles: the native indexOf for each candidate's first byte.
 */
const SKIP_TABLES = new Map<string, Int32Array>();
// Called on the typed array itself: a Buffer's own indexOf (the `buffer` package's, in JavaScript) is what this replaces.
const nativeIndexOf = Uint8Array.prototype.indexOf;

function skipTable(needle: Uint8Array): Int32Array {
  const key = String.fromCharCode(...needle);
  let table = SKIP_TABLES.get(key);
  if (!table) {
    table = new Int32Array(256).fill(needle.length);
    for (let i = 0; i < needle.length - 1; i++) table[needle[i]] = needle.length - 1 - i;
    if (SKIP_TABLES.size > 64) SKIP_TABLES.clear();
    SKIP_TABLES.set(key, table);
  }
  return table;
}

/** A plain view: element reads on the `buffer` package's Buffer (a Uint8Array with another prototype) were slower. */
const plainView = (within: Uint8Array): Uint8Array => (within.constructor === Uint8Array ? within : new Uint8Array(within.buffer, within.byteOffset, within.byteLength));

export function findBytes(within: Uint8Array, needle: Uint8Array, from = 0): number {
  const haystack = plainView(within);
  const m = needle.length;
  const start = Math.max(0, Math.trunc(from));
  if (m === 0) return Math.min(start, haystack.length);
  if (m < 4) {
    for (let at = nativeIndexOf.call(haystack, needle[0], start); at >= 0 && at + m <= haystack.length; at = nativeIndexOf.call(haystack, needle[0], at + 1)) {
      let i = 1;
      while (i < m && haystack[at + i] === needle[i]) i++;
      if (i === m) return at;
    }
    return -1;
  }
  const skip = skipTable(needle);
  const last = m - 1;
  const lastByte = needle[last];
  for (let at = start, end = haystack.length - m; at <= end; ) {
    const byte = haystack[at + last];
    if (byte === lastByte) {
      let i = last - 1;
      while (i >= 0 && haystack[at + i] === needle[i]) i--;
      if (i < 0) return at;
    }
    at += skip[byte];
  }
  return -1;
}

/**
 * Every offset of each needle (all of 4 bytes or more) in `within`, in one pass: what calling findBytes
 * from each hit to the end finds, per needle. Horspool over a set of needles (a window as long as the
 * shortest one, its skip the least any needle allows), so that a file is read once for "%%EOF" and
 * "/ByteRange" together: their two scans were 20% of a verification worker's busy time in the bench's
 * profile; on its 1 MB stamped file they took 2.1 ms and the one pass 0.9 ms (in node's V8).
 * `limit`: past that many hits a needle's list is null, as the caller gives up on it.
 */
export function findAll(within: Uint8Array, needles: Uint8Array[], limit: number): (number[] | null)[] {
  const haystack = plainView(within);
  const found: (number[] | null)[] = needles.map(() => []);
  if (needles.length === 0) return found;
  const m = Math.min(...needles.map((n) => n.length));
  if (m < 4) throw new Error("findAll: needles of 4 bytes or more");
  const skip = new Int32Array(256).fill(m);
  // Needles by the byte at the end of their first m bytes, the one the window's last byte is compared with.
  const byLastByte = new Map<number, number[]>();
  needles.forEach((needle, n) => {
    for (let i = 0; i < m - 1; i++) skip[needle[i]] = Math.min(skip[needle[i]], m - 1 - i);
    byLastByte.set(needle[m - 1], [...(byLastByte.get(needle[m - 1]) ?? []), n]);
  });
  const candidates: (number[] | undefined)[] = Array.from({ length: 256 }, (_, byte) => byLastByte.get(byte));
  const last = m - 1;
  for (let at = 0, end = haystack.length - m; at <= end; ) {
    const byte = haystack[at + last];
    const which = candidates[byte];
    if (which !== undefined) {
      for (const n of which) {
        const needle = needles[n];
        const list = found[n];
        if (list === null || at + needle.length > haystack.length) continue;
        let i = needle.length - 1;
        while (i >= 0 && haystack[at + i] === needle[i]) i--;
        if (i < 0 && list.push(at) > limit) found[n] = null;
      }
    }
    at += skip[byte];
  }
  return found;
}
