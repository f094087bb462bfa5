import { inflateSync, constants as zlibConstants } from "node:zlib";
import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFObject,  PDFRawStream, PDFRef } from "pdf-lib";
import { parseObjectFrom } from "./object-parser";

/**
 * A lightweight, lazy PDF reader for incremental updates. It reads the trailer and the chain of
 * cross-reference sections from the end of the file (ISO 32000-1 §7.5.4, §7.5.5, §7.5.8) and then
 * parses only the objects it is asked for, so reading the catalog and one page of a 20 MB file
 * costs microseconds instead of a full parse. pdf-lib's object parser does the tokenising.
 *
 * Structural failures throw StructureError: the caller decides between "repair" and "refuse".
 */

export class StructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StructureError";
  }
}

export type XrefEntry =
  | { kind: "offset"; offset: number; generation: number }
  | { kind: "compressed"; streamNumber: number; index: number }
  | { kind: "free" };

export type XrefSection = { offset: number; kind: "table" | "stream"; trailer: PDFDict };

/**
 * One block of consecutive object numbers inside a section, kept undecoded and looked up on
 * demand: an 85 000-object xref costs a few subsection headers to index instead of 85 000 Map sets.
 */
type XrefBlock = {
  first: number;
  count: number;
  lookup(index: number): XrefEntry;
};

export type ReaderLimits = {
  /** Cap on the decompressed size of any single stream the reader decodes (xref / object streams). */
  maxDecodedBytes: number;
  /**
   * Cap on everything this reader decompresses, all streams together: the file's memory budget. A file
   * cannot multiply it by pointing many sections at one stream (each stream is decoded once) or by
   * carrying many streams that each stay under the single-stream cap.
   */
  maxDecodedTotalBytes: number;
  /** Cap on the number of xref sections followed through /Prev. */
  maxSections: number;
  /** Cap on objects parsed in total: bounds work on hostile files. */
  maxObjectParses: number;
};

/** Rebuilding: the cross-reference table is ignored and every `N G obj` header in the file is found instead. */
export type ReaderOptions = Partial<ReaderLimits> & { rebuildXref?: boolean };

const MAX_REBUILT_OBJECTS = 500_000;

// Real files decode far less: the largest object stream in the test corpus inflates to well under 1 MB.
const DEFAULT_LIMITS: ReaderLimits = { maxDecodedBytes: 16 * 1024 * 1024, maxDecodedTotalBytes: 32 * 1024 * 1024, maxSections: 4096, maxObjectParses: 200_000 };

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
/** §7.2.2 delimiters: ( ) < > [ ] { } / % */
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

export type PageNode = {
  ref: PDFRef;
  dict: PDFDict;
  /** Inherited attributes resolved along the path from the root (§7.7.3.4). */
  mediaBox: number[];
  cropBox: number[] | undefined;
  rotate: number;
};

export class PdfReader {
  readonly bytes: Uint8Array;
  readonly buffer: Buffer;
  /** Where `%PDF-` starts; > 0 when a file carries data before the header. */
  readonly headerOffset: number;
  readonly headerVersion: string;
  /** Offset of the newest xref section, as written after the last `startxref` (-1 when rebuilt). */
  readonly startxref: number;
  /**
   * With `rebuildXref`: every object found by scanning (number → absolute offset and generation), for a
   * damaged file whose xref cannot be trusted. An update then lists them all in a complete table of its
   * own, so the original bytes stay untouched and readers never consult the broken table.
   */
  readonly rebuilt: Map<number, { offset: number; generation: number }> | null = null;
  /** 0, or headerOffset when the file's xref offsets count from the header instead of byte 0. */
  offsetBase = 0;
  readonly sections: XrefSection[] = [];
  /** Blocks in precedence order: newest section first (§7.5.6), a hybrid table before its XRefStm. */
  private readonly blocks: XrefBlock[] = [];
  readonly context = PDFContext.create();
  private readonly limits: ReaderLimits;
  private readonly cache = new Map<number, PDFObject>();
  private readonly objectStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> }>();
  /** Decoded xref streams by position: hybrid tables may all point at the same one (§7.5.8.4). */
  private readonly xrefStreams = new Map<number, XrefSection & { blocks: XrefBlock[] }>();
  private parses = 0;
  /** Bytes decompressed so far, against maxDecodedTotalBytes. */
  private decodedBytes = 0;

  constructor(bytes: Uint8Array, options: ReaderOptions = {}) {
    const { rebuildXref, ...limits } = options;
    this.bytes = bytes;
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const header = this.buffer.subarray(0, 1024).indexOf("%PDF-");
    if (header < 0) throw new StructureError("no %PDF- header");
    this.headerOffset = header;
    this.headerVersion = /^%PDF-(\d\.\d)/.exec(this.buffer.toString("latin1", header, header + 16))?.[1] ?? "1.0";
    if (rebuildXref) {
      this.startxref = -1;
      this.rebuilt = this.rebuildXref();
      return;
    }
    this.startxref = this.findStartxref();
    this.readXrefChain();
  }

  /**
   * Finds every `N G obj` header (the last definition of a number wins, as in an updated file) and
   * the last `trailer` dictionary. Objects inside object streams cannot be found this way, so a file
   * with any is refused here (the caller can still rewrite it with pdf-lib).
   */
  private rebuildXref(): Map<number, { offset: number; generation: number }> {
    const found = new Map<number, { offset: number; generation: number }>();
    const b = this.bytes;
    // Stream data is skipped: a content stream or an embedded file may contain text like "1 0 obj".
    let skipUntil = 0;
    for (let at = this.buffer.indexOf("obj", this.headerOffset); at >= 0; at = this.buffer.indexOf("obj", Math.max(at + 3, skipUntil))) {
      if (at < skipUntil) continue;
      const after = b[at + 3];
      if (after !== undefined && !WS.has(after) && !DELIMITERS.has(after)) continue; // "object", "objs"…
      let p = at - 1;
      if (p < 0 || !WS.has(b[p])) continue; // also rules out "endobj"
      while (p >= 0 && WS.has(b[p])) p--;
      const generationEnd = p + 1;
      while (p >= 0 && isDigit(b[p])) p--;
      if (p + 1 === generationEnd || generationEnd - (p + 1) > 5) continue;
      const generationStart = p + 1;
      if (p < 0 || !WS.has(b[p])) continue;
      while (p >= 0 && WS.has(b[p])) p--;
      const numberEnd = p + 1;
      while (p >= 0 && isDigit(b[p])) p--;
      const numberStart = p + 1;
      if (numberStart === numberEnd || numberEnd - numberStart > 10) continue;
      if (p >= 0 && !WS.has(b[p]) && !DELIMITERS.has(b[p])) continue;
      const number = Number(this.buffer.toString("latin1", numberStart, numberEnd));
      found.set(number, { offset: numberStart, generation: Number(this.buffer.toString("latin1", generationStart, generationEnd)) });
      if (found.size > MAX_REBUILT_OBJECTS) throw new StructureError("too many objects to rebuild the cross-reference table");
      skipUntil = this.streamEndAfter(at + 3);
    }
    if (found.size === 0) throw new StructureError("no objects found while rebuilding the cross-reference table");
    if (this.buffer.indexOf("/ObjStm") >= 0) throw new StructureError("object streams cannot be rebuilt by scanning");
    const at = this.buffer.lastIndexOf("trailer");
    const trailer = at >= 0 ? this.parseObjectAt(at + 7) : undefined;
    if (!(trailer instanceof PDFDict) || !(trailer.get(PDFName.of("Root")) instanceof PDFRef)) throw new StructureError("no trailer with /Root to rebuild from");
    let highest = 0;
    for (const number of found.keys()) if (number > highest) highest = number;
    this.blocks.push({
      first: 0,
      count: highest + 1,
      lookup: (i) => {
        const entry = found.get(i);
        return entry ? { kind: "offset", offset: entry.offset, generation: entry.generation } : { kind: "free" };
      },
    });
    this.sections.push({ offset: -1, kind: "table", trailer });
    return found;
  }

  /** The newest trailer (or xref stream dictionary). */
  get trailer(): PDFDict {
    return this.sections[0].trailer;
  }

  get lastSectionKind(): "table" | "stream" {
    return this.sections[0].kind;
  }

  /** Highest object number + 1 known to the file: new objects are numbered from here. */
  get nextObjectNumber(): number {
    let size = numberOf(this.trailer.get(PDFName.of("Size"))) ?? 0;
    for (const block of this.blocks) size = Math.max(size, block.first + block.count);
    return size;
  }

  /**
   * Where scanning may go on after an object header at `from`: past its stream's `endstream` when the
   * object is a stream, else `from`. The stream's end is taken from a direct /Length when the bytes
   * there say `endstream` (damaged files often have it wrong), else the first `endstream` after it.
   */
  private streamEndAfter(from: number): number {
    const endobj = this.nextKeyword("endobj", from);
    const stream = this.nextKeyword("stream", from);
    if (stream < 0 || (endobj >= 0 && endobj < stream)) return from;
    let dataStart = stream + 6;
    if (this.bytes[dataStart] === 0x0d) dataStart++;
    if (this.bytes[dataStart] === 0x0a) dataStart++;
    try {
      const dict = parseObjectFrom(this.bytes.subarray(from, stream), this.context);
      const length = dict instanceof PDFDict ? dict.get(PDFName.of("Length")) : undefined;
      if (length instanceof PDFNumber) {
        const end = dataStart + length.asNumber();
        const after = this.buffer.toString("latin1", end, Math.min(this.bytes.length, end + 16));
        if (/^\s*endstream/.test(after)) return end;
      }
    } catch {
      // An unparsable dictionary: search instead.
    }
    const endstream = this.nextKeyword("endstream", dataStart);
    return endstream < 0 ? this.bytes.length : endstream + 9;
  }

  private readonly keywordCache = new Map<string, { from: number; at: number }>();

  /** buffer.indexOf(keyword, from), remembered: scanning forward, each keyword's search covers the file once. */
  private nextKeyword(keyword: string, from: number): number {
    const known = this.keywordCache.get(keyword);
    if (known && known.from <= from && (known.at < 0 || known.at >= from)) return known.at;
    const at = this.buffer.indexOf(keyword, from);
    this.keywordCache.set(keyword, { from, at });
    return at;
  }

  private findStartxref(): number {
    // §7.5.5: the last `startxref` sits within the final bytes; search from the end.
    const at = this.buffer.lastIndexOf("startxref");
    if (at < 0) throw new StructureError("no startxref");
    // A damaged last revision must not silently fall back to an earlier revision's startxref:
    // the %%EOF right after the one we found has to be the file's last one.
    const eof = this.buffer.indexOf("%%EOF", at);
    if (eof >= 0 && this.buffer.lastIndexOf("%%EOF") !== eof) throw new StructureError("the last revision has no startxref");
    const value = this.readIntAt(at + 9);
    if (value === undefined) throw new StructureError("startxref has no offset");
    return value.value;
  }

  private readIntAt(position: number): { value: number; end: number } | undefined {
    let p = position;
    while (p < this.bytes.length && WS.has(this.bytes[p])) p++;
    const start = p;
    while (p < this.bytes.length && isDigit(this.bytes[p])) p++;
    if (p === start || p - start > 12) return undefined;
    return { value: Number(this.buffer.toString("latin1", start, p)), end: p };
  }

  private readXrefChain(): void {
    const seen = new Set<number>();
    let next: number | undefined = this.startxref;
    let first = true;
    while (next !== undefined) {
      if (seen.has(next)) throw new StructureError("xref /Prev loop");
      if (this.sections.length >= this.limits.maxSections) throw new StructureError("too many xref sections");
      seen.add(next);
      const section = this.readSectionAt(next, first);
      first = false;
      this.sections.push(section);
      const xrefStm = numberOf(section.trailer.get(PDFName.of("XRefStm")));
      // Hybrid-reference files (§7.5.8.4): the table's entries win, then its xref stream's.
      if (section.kind === "table" && xrefStm !== undefined) this.readSectionAt(xrefStm, false, "stream");
      next = numberOf(section.trailer.get(PDFName.of("Prev")));
    }
    if (!(this.trailer.get(PDFName.of("Root")) instanceof PDFRef)) throw new StructureError("trailer has no /Root reference");
  }

  /** Reads one section; on the first one, also decides whether offsets count from the header. */
  private readSectionAt(offset: number, detectBase: boolean, only?: "stream"): XrefSection {
    const candidates = detectBase && this.headerOffset > 0 ? [offset, offset + this.headerOffset] : [offset + this.offsetBase];
    for (const position of candidates) {
      const kind = this.sectionKindAt(position);
      if (!kind || (only && kind !== only)) continue;
      if (detectBase) this.offsetBase = position - offset;
      return kind === "table" ? this.readTable(position, offset) : this.readStreamSection(position, offset);
    }
    throw new StructureError(`no xref section at offset ${offset}`);
  }

  private sectionKindAt(position: number): "table" | "stream" | undefined {
    if (position < 0 || position >= this.bytes.length) return undefined;
    const head = this.buffer.toString("latin1", position, Math.min(position + 32, this.bytes.length));
    if (/^\s*xref/.test(head)) return "table";
    if (/^\s*\d+\s+\d+\s+obj/.test(head)) return "stream";
    return undefined;
  }

  /**
   * Classic table (§7.5.4). Rows are 20 bytes by the spec, which allows random access; a
   * subsection whose rows are not (some writers emit 19 or 21) is tokenised instead, for lenience.
   */
  private readTable(position: number, offset: number): XrefSection {
    let p = this.buffer.indexOf("xref", position, "latin1") + 4;
    for (;;) {
      while (p < this.bytes.length && WS.has(this.bytes[p])) p++;
      if (p >= this.bytes.length) throw new StructureError("xref table has no trailer");
      if (this.buffer.toString("latin1", p, p + 7) === "trailer") break;
      const start = this.readIntAt(p);
      const count = start && this.readIntAt(start.end);
      if (!start || !count) throw new StructureError(`bad xref subsection at ${p}`);
      p = count.end;
      while (p < this.bytes.length && WS.has(this.bytes[p])) p++;
      const fixed = this.fixedRowsEnd(p, count.value);
      if (fixed !== undefined) {
        this.blocks.push(this.fixedRowBlock(start.value, count.value, p));
        p = fixed;
      } else {
        const parsed = this.tokeniseRows(p, count.value);
        this.blocks.push({ first: start.value, count: count.value, lookup: (i) => parsed.rows[i] });
        p = parsed.end;
      }
    }
    const trailer = this.parseObjectAt(p + 7);
    if (!(trailer instanceof PDFDict)) throw new StructureError("trailer is not a dictionary");
    return { offset, kind: "table", trailer };
  }

  /** End of `count` 20-byte rows at `p` when every row looks right, else undefined. */
  private fixedRowsEnd(p: number, count: number): number | undefined {
    const end = p + 20 * count;
    if (end > this.bytes.length) return undefined;
    for (let i = 0; i < count; i++) {
      const row = p + 20 * i;
      const type = this.bytes[row + 17];
      if (this.bytes[row + 10] !== 0x20 || this.bytes[row + 16] !== 0x20 || (type !== 0x6e && type !== 0x66)) return undefined;
      if (!WS.has(this.bytes[row + 18]) || !WS.has(this.bytes[row + 19])) return undefined;
    }
    return end;
  }

  private fixedRowBlock(first: number, count: number, rowsAt: number): XrefBlock {
    return {
      first,
      count,
      lookup: (i) => {
        const row = rowsAt + 20 * i;
        const offset = Number(this.buffer.toString("latin1", row, row + 10));
        const generation = Number(this.buffer.toString("latin1", row + 11, row + 16));
        return this.bytes[row + 17] === 0x6e && offset > 0 ? { kind: "offset", offset, generation } : { kind: "free" };
      },
    };
  }

  private tokeniseRows(position: number, count: number): { rows: XrefEntry[]; end: number } {
    const rows: XrefEntry[] = [];
    let p = position;
    for (let i = 0; i < count; i++) {
      const entryOffset = this.readIntAt(p);
      const generation = entryOffset && this.readIntAt(entryOffset.end);
      if (!entryOffset || !generation) throw new StructureError(`bad xref entry at ${p}`);
      p = generation.end;
      while (p < this.bytes.length && WS.has(this.bytes[p])) p++;
      const type = this.bytes[p++];
      if (type !== 0x6e && type !== 0x66) throw new StructureError(`bad xref entry type at ${p}`);
      rows.push(type === 0x6e && entryOffset.value > 0 ? { kind: "offset", offset: entryOffset.value, generation: generation.value } : { kind: "free" });
    }
    return { rows, end: p };
  }

  /** Cross-reference stream (§7.5.8): binary rows of /W widths over the /Index ranges, read once per position. */
  private readStreamSection(position: number, offset: number): XrefSection {
    const known = this.xrefStreams.get(position);
    if (known) {
      this.blocks.push(...known.blocks);
      return { offset, kind: "stream", trailer: known.trailer };
    }
    const firstBlock = this.blocks.length;
    const section = this.decodeStreamSection(position, offset);
    this.xrefStreams.set(position, { ...section, blocks: this.blocks.slice(firstBlock) });
    return section;
  }

  private decodeStreamSection(position: number, offset: number): XrefSection {
    const stream = this.parseIndirectAt(position).object;
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of("Type")) !== PDFName.of("XRef")) {
      throw new StructureError(`object at ${offset} is not an xref stream`);
    }
    const dict = stream.dict;
    const widths = numbersOf(dict.get(PDFName.of("W")));
    if (!widths || widths.length !== 3 || widths.some((w) => w < 0 || w > 8)) throw new StructureError("bad xref stream /W");
    const size = numberOf(dict.get(PDFName.of("Size"))) ?? 0;
    const index = numbersOf(dict.get(PDFName.of("Index"))) ?? [0, size];
    if (index.length % 2 !== 0 || index.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new StructureError("bad xref stream /Index");
    const data = this.decodeStream(stream);
    const rowLength = widths[0] + widths[1] + widths[2];
    if (rowLength === 0) throw new StructureError("bad xref stream /W");
    let row = 0;
    for (let i = 0; i + 1 < index.length; i += 2) {
      const firstRow = row;
      const count = index[i + 1];
      row += count;
      if (row * rowLength > data.length) throw new StructureError("xref stream shorter than its /Index");
      this.blocks.push({
        first: index[i],
        count,
        lookup: (k) => {
          const at = (firstRow + k) * rowLength;
          const type = widths[0] === 0 ? 1 : readBigEndian(data, at, widths[0]);
          const field2 = readBigEndian(data, at + widths[0], widths[1]);
          const field3 = readBigEndian(data, at + widths[0] + widths[1], widths[2]);
          if (type === 1) return { kind: "offset", offset: field2, generation: field3 };
          if (type === 2) return { kind: "compressed", streamNumber: field2, index: field3 };
          return { kind: "free" };
        },
      });
    }
    return { offset, kind: "stream", trailer: dict };
  }

  /** FlateDecode (+ PNG predictors) only: that is all xref and object streams use in practice. */
  decodeStream(stream: PDFRawStream): Uint8Array {
    const filter = stream.dict.get(PDFName.of("Filter"));
    const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
    let data: Uint8Array = stream.contents;
    if (filters.length > 1 || (filters.length === 1 && filters[0] !== PDFName.of("FlateDecode"))) {
      throw new StructureError(`unsupported filter ${String(filter)}`);
    }
    if (filters.length === 1) {
      const remaining = this.limits.maxDecodedTotalBytes - this.decodedBytes;
      const cap = Math.min(this.limits.maxDecodedBytes, remaining);
      if (cap <= 0) throw new StructureError("the file's decompression budget is spent");
      try {
        data = inflateSync(data, { maxOutputLength: cap, finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "ERR_BUFFER_TOO_LARGE") throw new StructureError(`a stream inflates beyond ${cap === remaining ? "the file's decompression budget" : "the limit for one stream"}`);
        throw new StructureError(`stream does not inflate: ${(error as Error).message}`);
      }
      this.decodedBytes += data.length;
    }
    const params = this.resolve(stream.dict.get(PDFName.of("DecodeParms")));
    const parms = params instanceof PDFArray ? this.resolve(params.get(0)) : params;
    if (parms instanceof PDFDict) {
      const predictor = numberOf(parms.get(PDFName.of("Predictor"))) ?? 1;
      if (predictor >= 10) data = undoPngPredictor(data, numberOf(parms.get(PDFName.of("Columns"))) ?? 1);
      else if (predictor !== 1) throw new StructureError(`unsupported predictor ${predictor}`);
    }
    return data;
  }

  /** Parse `N G obj <object>` at an absolute position. */
  parseIndirectAt(position: number): { number: number; generation: number; object: PDFObject } {
    const head = this.buffer.toString("latin1", position, Math.min(position + 48, this.bytes.length));
    const match = /^\s*(\d+)\s+(\d+)\s+obj/.exec(head);
    if (!match) throw new StructureError(`no object header at ${position}`);
    const object = this.parseObjectAt(position + Buffer.byteLength(match[0], "latin1"));
    return { number: Number(match[1]), generation: Number(match[2]), object };
  }

  private parseObjectAt(position: number, data: Uint8Array = this.bytes): PDFObject {
    if (++this.parses > this.limits.maxObjectParses) throw new StructureError("object parse budget exhausted");
    if (position < 0 || position >= data.length) throw new StructureError(`object offset ${position} out of bounds`);
    try {
      return parseObjectFrom(data.subarray(position), this.context);
    } catch (error) {
      throw new StructureError(`unparsable object at ${position}: ${(error as Error).message}`);
    }
  }

  /** The current version of object `number`, or undefined when it is free or absent. */
  getObject(number: number): PDFObject | undefined {
    const cached = this.cache.get(number);
    if (cached) return cached;
    const entry = this.entryFor(number);
    if (!entry || entry.kind === "free") return undefined;
    const object = entry.kind === "offset" ? this.readOffsetObject(number, entry.offset) : this.readCompressedObject(number, entry);
    this.cache.set(number, object);
    return object;
  }

  /** The newest xref entry for `number` (§7.5.6: later sections override earlier ones). */
  entryFor(number: number): XrefEntry | undefined {
    for (const block of this.blocks) {
      if (number >= block.first && number < block.first + block.count) return block.lookup(number - block.first);
    }
    return undefined;
  }

  /** Replace an object in the reader's view: the writer calls this for what it just appended. */
  setObject(number: number, object: PDFObject): void {
    this.cache.set(number, object);
  }

  private readOffsetObject(number: number, offset: number): PDFObject {
    const parsed = this.parseIndirectAt(offset + this.offsetBase);
    if (parsed.number !== number) throw new StructureError(`xref points object ${number} at object ${parsed.number}`);
    return parsed.object;
  }

  private readCompressedObject(number: number, entry: { streamNumber: number; index: number }): PDFObject {
    const objectStream = this.loadObjectStream(entry.streamNumber);
    const at = objectStream.offsets.get(number);
    if (at === undefined) throw new StructureError(`object ${number} missing from object stream ${entry.streamNumber}`);
    return this.parseObjectAt(at, objectStream.data);
  }

  /** Object streams (§7.5.7): header of N pairs "number offset", objects from /First on. */
  private loadObjectStream(streamNumber: number): { data: Uint8Array; offsets: Map<number, number> } {
    const loaded = this.objectStreams.get(streamNumber);
    if (loaded) return loaded;
    const entry = this.entryFor(streamNumber);
    if (!entry || entry.kind !== "offset") throw new StructureError(`object stream ${streamNumber} not found`);
    const stream = this.readOffsetObject(streamNumber, entry.offset);
    if (!(stream instanceof PDFRawStream)) throw new StructureError(`object ${streamNumber} is not a stream`);
    const data = this.decodeStream(stream);
    const count = numberOf(stream.dict.get(PDFName.of("N"))) ?? 0;
    const first = numberOf(stream.dict.get(PDFName.of("First"))) ?? 0;
    const header = Buffer.from(data.buffer, data.byteOffset, Math.min(first, data.length)).toString("latin1").trim().split(/\s+/).map(Number);
    const offsets = new Map<number, number>();
    for (let i = 0; i < count && 2 * i + 1 < header.length; i++) offsets.set(header[2 * i], first + header[2 * i + 1]);
    const result = { data, offsets };
    this.objectStreams.set(streamNumber, result);
    return result;
  }

  resolve(object: PDFObject | undefined): PDFObject | undefined {
    return object instanceof PDFRef ? this.getObject(object.objectNumber) : object;
  }

  resolveDict(object: PDFObject | undefined): PDFDict | undefined {
    const resolved = this.resolve(object);
    return resolved instanceof PDFDict ? resolved : undefined;
  }

  get rootRef(): PDFRef {
    return this.trailer.get(PDFName.of("Root")) as PDFRef;
  }

  catalog(): PDFDict {
    const catalog = this.resolveDict(this.rootRef);
    if (!catalog) throw new StructureError("/Root does not resolve to a dictionary");
    return catalog;
  }

  /** Number of pages as the page tree's root claims it (checked against the walk by callers). */
  declaredPageCount(): number {
    const pages = this.resolveDict(this.catalog().get(PDFName.of("Pages")));
    if (!pages) throw new StructureError("catalog has no /Pages dictionary");
    return numberOf(pages.get(PDFName.of("Count"))) ?? 0;
  }

  /**
   * Walk the page tree (§7.7.3) depth-first, visiting leaves in order. Stops after `limit` leaves
   * (returns limit + 1 entries at most so callers can tell "more than limit"). Loops and
   * unresolvable kids are structural errors.
   */
  walkPages(options: { limit: number; stopAtIndex?: number }): PageNode[] {
    const pagesRef = this.catalog().get(PDFName.of("Pages"));
    if (!(pagesRef instanceof PDFRef)) throw new StructureError("catalog /Pages is not a reference");
    const pages: PageNode[] = [];
    const visited = new Set<number>();
    const stopAt = options.stopAtIndex ?? Number.POSITIVE_INFINITY;
    type Inherited = { mediaBox?: number[]; cropBox?: number[]; rotate?: number };
    const visit = (ref: PDFRef, inherited: Inherited, depth: number, skipBefore: number): void => {
      if (pages.length > options.limit || pages.length > stopAt) return;
      if (depth > 64) throw new StructureError("page tree too deep");
      if (visited.has(ref.objectNumber)) throw new StructureError(`page tree loop at object ${ref.objectNumber}`);
      visited.add(ref.objectNumber);
      const node = this.resolveDict(ref);
      if (!node) throw new StructureError(`page tree node ${ref.objectNumber} does not resolve`);
      const own: Inherited = {
        mediaBox: numbersOf(this.resolve(node.get(PDFName.of("MediaBox")))) ?? inherited.mediaBox,
        cropBox: numbersOf(this.resolve(node.get(PDFName.of("CropBox")))) ?? inherited.cropBox,
        rotate: numberOf(this.resolve(node.get(PDFName.of("Rotate")))) ?? inherited.rotate,
      };
      const kids = this.resolve(node.get(PDFName.of("Kids")));
      const type = node.get(PDFName.of("Type"));
      if (type === PDFName.of("Page") || (!(kids instanceof PDFArray) && type !== PDFName.of("Pages"))) {
        if (!own.mediaBox || own.mediaBox.length !== 4) own.mediaBox = [0, 0, 612, 792];
        pages.push({ ref, dict: node, mediaBox: own.mediaBox, cropBox: own.cropBox, rotate: own.rotate ?? 0 });
        return;
      }
      if (!(kids instanceof PDFArray)) throw new StructureError(`pages node ${ref.objectNumber} has no /Kids`);
      let skip = skipBefore;
      for (const kid of kids.asArray()) {
        if (!(kid instanceof PDFRef)) throw new StructureError("page tree kid is not a reference");
        // Skip whole subtrees before the target page using /Count, without visiting their leaves.
        if (skip > 0 && stopAt !== Number.POSITIVE_INFINITY) {
          const kidDict = this.resolveDict(kid);
          const kidCount = kidDict && kidDict.get(PDFName.of("Type")) === PDFName.of("Pages") ? numberOf(kidDict.get(PDFName.of("Count"))) : 1;
          if (kidCount !== undefined && kidCount <= skip && kidCount >= 0) {
            skip -= kidCount;
            for (let i = 0; i < kidCount; i++) pages.push(SKIPPED);
            continue;
          }
        }
        visit(kid, own, depth + 1, skip);
        skip = 0;
        if (pages.length > options.limit || pages.length > stopAt) return;
      }
    };
    visit(pagesRef, {}, 0, options.stopAtIndex ?? 0);
    return pages;
  }

  /** The page at 0-based `index`, or undefined when the document has fewer pages. */
  findPage(index: number): PageNode | undefined {
    const pages = this.walkPages({ limit: index + 1, stopAtIndex: index });
    const page = pages[index];
    return page && page !== SKIPPED ? page : undefined;
  }
}

/** Placeholder for pages skipped by /Count (never returned to callers at that index). */
const SKIPPED = Object.freeze({}) as PageNode;

function readBigEndian(data: Uint8Array, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[at + i];
  return value;
}

/** PNG predictors (§7.4.4.4): one filter-type byte per row, then `columns` bytes (1 byte/pixel). */
function undoPngPredictor(data: Uint8Array, columns: number): Uint8Array {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * rowLength];
    for (let c = 0; c < columns; c++) {
      const raw = data[r * rowLength + 1 + c];
      const left = c > 0 ? out[r * columns + c - 1] : 0;
      const up = r > 0 ? out[(r - 1) * columns + c] : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1] : 0;
      let value = raw;
      if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) value = raw + paeth(left, up, upLeft);
      out[r * columns + c] = value & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function numberOf(object: PDFObject | undefined): number | undefined {
  return object instanceof PDFNumber ? object.asNumber() : undefined;
}

export function numbersOf(object: PDFObject | undefined): number[] | undefined {
  if (!(object instanceof PDFArray)) return undefined;
  const values = object.asArray().map(numberOf);
  return values.every((v): v is number => v !== undefined) ? values : undefined;
}
