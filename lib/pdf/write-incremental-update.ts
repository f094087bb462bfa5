/**
 * Serialises one incremental update (ISO 32000-1 §7.5.6): the new or changed objects, then a
 * cross-reference section of the same kind as the previous one, a trailer chained to it by /Prev,
 * `startxref` and `%%EOF`. Only the objects given are written; the original bytes stay untouched.
 *
 * For a damaged file whose own table cannot be trusted, `carried` lists every existing object (found by
 * scanning): the update's table is then complete, has no /Prev, and the broken table is never read.
 */

export type UpdatedObject = { number: number; generation: number; body: Buffer };

export type XrefContext = {
  /** Kind of the previous (newest) xref section: a table is followed by a table, a stream by a stream. */
  kind: "table" | "stream";
  /** Offset of the previous xref section, as the file counts offsets (goes into /Prev); null: none to chain to. */
  previousXref: number | null;
  /** Existing objects the section must list as well (a rebuilt table), as absolute positions. */
  carried?: { number: number; generation: number; offset: number }[];
  /** Subtracted from absolute positions when the file counts offsets from its %PDF header. */
  offsetBase: number;
  /** Trailer entries carried forward (already serialised): /Root, /Info, /ID. */
  root: string;
  info?: string;
  id: string;
  /** /Size before this update (highest object number + 1). */
  size: number;
};

export type WrittenUpdate = {
  bytes: Buffer;
  /** Absolute position of each written object inside the whole file. */
  positions: Map<number, number>;
  /** New xref section offset (as the file counts offsets) and the new /Size. */
  xrefOffset: number;
  size: number;
};

export function writeIncrementalUpdate(options: { objects: UpdatedObject[]; startPosition: number; needsLeadingEol: boolean; xref: XrefContext }): WrittenUpdate {
  const { xref } = options;
  const chunks: Buffer[] = [];
  let position = options.startPosition;
  const push = (chunk: Buffer): void => {
    chunks.push(chunk);
    position += chunk.length;
  };
  if (options.needsLeadingEol) push(Buffer.from("\n"));
  const positions = new Map<number, number>();
  const written = new Set(options.objects.map((o) => o.number));
  const entries: Entry[] = (xref.carried ?? []).filter((e) => e.number > 0 && !written.has(e.number)).map((e) => ({ ...e, offset: e.offset - xref.offsetBase }));
  for (const object of options.objects) {
    positions.set(object.number, position);
    entries.push({ number: object.number, generation: object.generation, offset: position - xref.offsetBase });
    push(Buffer.from(`${object.number} ${object.generation} obj\n`, "latin1"));
    push(object.body);
    push(Buffer.from("\nendobj\n", "latin1"));
  }
  let size = Math.max(xref.size, ...options.objects.map((o) => o.number + 1));
  const trailerEntries = `/Root ${xref.root}${xref.info ? ` /Info ${xref.info}` : ""} /ID ${xref.id}${xref.previousXref === null ? "" : ` /Prev ${xref.previousXref}`}`;
  // A complete table starts with the head of the free list, object 0 (§7.5.4).
  const freeHead = xref.carried ? "0 1\n0000000000 65535 f\r\n" : "";
  const xrefOffset = position - xref.offsetBase;
  if (xref.kind === "table") {
    push(Buffer.from(`xref\n${freeHead}${tableSubsections(entries)}trailer\n<< /Size ${size} ${trailerEntries} >>\nstartxref\n${xrefOffset}\n%%EOF\n`, "latin1"));
  } else {
    // The xref stream lists itself too (§7.5.8.3), so readers can find every object of the update.
    const streamNumber = size;
    size += 1;
    entries.push({ number: streamNumber, generation: 0, offset: xrefOffset });
    const { index, rows } = streamRows(entries);
    const dict = `<< /Type /XRef /Size ${size} /W [1 4 2] /Index [${index.join(" ")}] ${trailerEntries} /Length ${rows.length} >>`;
    push(Buffer.from(`${streamNumber} 0 obj\n${dict}\nstream\n`, "latin1"));
    push(rows);
    push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, "latin1"));
  }
  return { bytes: Buffer.concat(chunks), positions, xrefOffset, size };
}

type Entry = { number: number; generation: number; offset: number };

function groupConsecutive(entries: Entry[]): Entry[][] {
  const sorted = [...entries].sort((a, b) => a.number - b.number);
  const groups: Entry[][] = [];
  for (const entry of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1].number + 1 === entry.number) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

/** Classic rows are exactly 20 bytes: 10-digit offset, 5-digit generation, "n", CR LF (§7.5.4). */
function tableSubsections(entries: Entry[]): string {
  return groupConsecutive(entries)
    .map((group) => {
      const rows = group.map((e) => `${String(e.offset).padStart(10, "0")} ${String(e.generation).padStart(5, "0")} n\r\n`).join("");
      return `${group[0].number} ${group.length}\n${rows}`;
    })
    .join("");
}

/** Binary rows for /W [1 4 2]: type 1, 4-byte offset, 2-byte generation, uncompressed. */
function streamRows(entries: Entry[]): { index: number[]; rows: Buffer } {
  const groups = groupConsecutive(entries);
  const rows = Buffer.alloc(entries.length * 7);
  const index: number[] = [];
  let at = 0;
  for (const group of groups) {
    index.push(group[0].number, group.length);
    for (const entry of group) {
      rows.writeUInt8(1, at);
      rows.writeUInt32BE(entry.offset, at + 1);
      rows.writeUInt16BE(entry.generation, at + 5);
      at += 7;
    }
  }
  return { index, rows };
}
