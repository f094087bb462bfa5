import { inflateSync, constants as zlibConstants } from "node:zlib";
import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber,  PDFRawStream } from "pdf-lib";
import { PdfError } from "./pdf-error";
import { parseObjectFrom } from "./object-parser";

/**
 * A damaged file goes to pdf-lib (lib/pdf/open-pdf.ts, inspect-pdf.ts), whose parser has no limits: it
 * inflates every object stream with no cap on the output (the buffers live outside a worker's heap cap,
 * so a 2 KB object stream compressed twice grew a process by 1.4 GB) and walks an xref stream's /Index
 * as declared (`/Index [0 6 6 1999999994]` in a 434-byte file ran a worker out of heap). Before pdf-lib
 * sees a file, the streams it would decode are decoded here within the file's budget, and every count
 * it would loop over is checked against the bytes that back it. A file that fails is refused as
 * TOO_COMPLEX (within limits) or DAMAGED, in milliseconds.
 */

export type TRepairBudget = {
  /** Everything inflated while screening, all streams together. */
  maxDecodedBytes: number;
  /** Object and xref streams screened: a file with more is not repaired. */
  maxStreams: number;
};

const DEFAULT_BUDGET: TRepairBudget = { maxDecodedBytes: 32 * 1024 * 1024, maxStreams: 10_000 };
const KINDS = ["/ObjStm", "/XRef"] as const;

export function screenForRepair(bytes: Uint8Array, budget: Partial<TRepairBudget> = {}): void {
  const limits = { ...DEFAULT_BUDGET, ...budget };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const context = PDFContext.create();
  let decoded = 0;
  let streams = 0;
  for (const kind of KINDS) {
    for (let at = buffer.indexOf(kind); at >= 0; at = buffer.indexOf(kind, at + kind.length)) {
      const objectStart = buffer.lastIndexOf(" obj", at);
      if (objectStart < 0) continue;
      const stream = parseStreamAt(buffer, objectStart + 4, context);
      // Not a stream dictionary of that type (the name in a content stream, a comment, a broken object): pdf-lib skips it too.
      if (!stream || stream.dict.get(PDFName.of("Type")) !== PDFName.of(kind.slice(1))) continue;
      if (++streams > limits.maxStreams) throw new PdfError("TOO_COMPLEX", `more than ${limits.maxStreams} object and xref streams`);
      const data = decode(stream, limits.maxDecodedBytes - decoded);
      decoded += data.length;
      if (kind === "/XRef") checkXrefStream(stream.dict, data.length, bytes.length);
      else checkObjectStream(stream.dict, data.length);
    }
  }
}

function parseStreamAt(buffer: Buffer, position: number, context: PDFContext): PDFRawStream | undefined {
  try {
    const object = parseObjectFrom(buffer.subarray(position), context);
    return object instanceof PDFRawStream ? object : undefined;
  } catch {
    return undefined;
  }
}

/** The stream's data through its filters, each inflation capped by what is left of the budget. */
function decode(stream: PDFRawStream, remaining: number): Uint8Array {
  const filter = stream.dict.get(PDFName.of("Filter"));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  let data: Uint8Array = stream.contents;
  for (const name of filters) {
    // pdf-lib would also run LZW, ASCII85, ASCIIHex and RunLength here; real writers use Flate only.
    if (name !== PDFName.of("FlateDecode")) throw new PdfError("DAMAGED", `unsupported filter ${String(name)} on an object or xref stream`);
    const cap = remaining - data.length;
    if (cap <= 0) throw new PdfError("TOO_COMPLEX", "the file's decompression budget is spent");
    try {
      data = inflateSync(data, { maxOutputLength: cap, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new PdfError("TOO_COMPLEX", "a stream inflates beyond the file's decompression budget");
      throw new PdfError("DAMAGED", `a stream does not inflate: ${(error as Error).message}`);
    }
  }
  return data;
}

const numberOf = (value: unknown) => (value instanceof PDFNumber ? value.asNumber() : undefined);

function checkXrefStream(dict: PDFDict, dataLength: number, fileLength: number): void {
  const widths = dict.get(PDFName.of("W"));
  const w = widths instanceof PDFArray ? widths.asArray().map(numberOf) : [];
  if (w.length !== 3 || w.some((x) => x === undefined || x < 0 || x > 8)) throw new PdfError("DAMAGED", "bad xref stream /W");
  const rowLength = (w as number[]).reduce((a, b) => a + b, 0);
  const size = numberOf(dict.get(PDFName.of("Size"))) ?? 0;
  const indexObject = dict.get(PDFName.of("Index"));
  const index = indexObject instanceof PDFArray ? indexObject.asArray().map(numberOf) : [0, size];
  if (index.length % 2 !== 0 || index.some((n) => n === undefined || !Number.isSafeInteger(n) || n < 0)) throw new PdfError("DAMAGED", "bad xref stream /Index");
  let entries = 0;
  for (let i = 1; i < index.length; i += 2) entries += index[i]!;
  // Each entry is one row of the decoded data; a count the data cannot back is a lie that pdf-lib would loop over.
  if (rowLength === 0 || entries * rowLength > dataLength) throw new PdfError("DAMAGED", `the xref stream declares ${entries} entries its data does not hold`);
  if (size > Math.max(1_000_000, 10 * fileLength)) throw new PdfError("DAMAGED", `the xref stream declares /Size ${size} for a ${fileLength}-byte file`);
}

function checkObjectStream(dict: PDFDict, dataLength: number): void {
  const count = numberOf(dict.get(PDFName.of("N"))) ?? 0;
  const first = numberOf(dict.get(PDFName.of("First"))) ?? 0;
  // Each object needs at least "n o " in the header (4 bytes) before /First.
  if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(first) || first < 0 || first > dataLength || count * 4 > first + 4) {
    throw new PdfError("DAMAGED", `the object stream declares ${count} objects its data does not hold`);
  }
}
