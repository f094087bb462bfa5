// Hostile PDFs, built in the test (never committed): each is small on the wire and was once expensive for
// the server (issue 17). Used by the unit tests of the PDF layer and by the hostile-input suite against a
// running server (test/integration/server/hostile-inputs.test.ts, bench/hostile.ts).
import { createDeflate, deflateSync } from "node:zlib";

const enc = (s: string) => Buffer.from(s, "latin1");

/** Deflates `size` zero bytes without holding them (fed in 1 MiB pieces). */
async function deflateZeros(size: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => (deflate.on("end", resolve), deflate.on("error", reject)));
  const piece = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += piece.length) {
    if (!deflate.write(piece.subarray(0, Math.min(piece.length, size - written)))) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

/** Appends objects and returns their offsets; the caller writes the tables. */
class Writer {
  parts: Buffer[] = [enc("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  length = this.parts[0].length;
  add(bytes: Buffer | string): number {
    const at = this.length;
    const b = typeof bytes === "string" ? enc(bytes) : bytes;
    this.parts.push(b);
    this.length += b.length;
    return at;
  }
  object(number: number, body: Buffer | string): number {
    return this.add(Buffer.concat([enc(`${number} 0 obj\n`), typeof body === "string" ? enc(body) : body, enc("\nendobj\n")]));
  }
  stream(number: number, dict: string, data: Buffer): number {
    return this.object(number, Buffer.concat([enc(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, enc("\nendstream")]));
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const pageObjects = (w: Writer) => {
  const offsets = [0];
  offsets.push(w.object(1, "<< /Type /Catalog /Pages 2 0 R >>"));
  offsets.push(w.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
  offsets.push(w.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"));
  return offsets;
};

const xrefRows = (offsets: number[]) => offsets.map((o, i) => (i === 0 ? "0000000000 65535 f\r\n" : `${String(o).padStart(10, "0")} 00000 n\r\n`)).join("");

/**
 * Item 1: `sections` hybrid-reference xref tables whose /XRefStm all point at one Flate stream that
 * inflates to `inflatedBytes` (63 MiB: about 80 KB on the wire). A reader that decodes it once per
 * section, and keeps every copy, grows by sections × 63 MiB.
 */
export async function hybridXrefBomb(sections = 100, inflatedBytes = 63 * 1024 * 1024): Promise<Buffer> {
  const w = new Writer();
  const offsets = pageObjects(w);
  const streamAt = w.stream(4, "/Type /XRef /W [1 2 1] /Size 5 /Index [0 5] /Filter /FlateDecode", await deflateZeros(inflatedBytes));
  offsets.push(streamAt);
  let previous: number | undefined;
  for (let i = 0; i < sections; i++) {
    const at = w.add(`xref\n0 5\n${xrefRows(offsets)}trailer\n<< /Size 5 /Root 1 0 R /XRefStm ${streamAt}${previous === undefined ? "" : ` /Prev ${previous}`} >>\n`);
    previous = at;
  }
  w.add(`startxref\n${previous}\n%%EOF\n`);
  return w.bytes();
}

/** Item 4: a 434-byte-class file whose xref stream claims /Index [0 6 6 1999999994]. */
export function indexBomb(): Buffer {
  const w = new Writer();
  const offsets = pageObjects(w);
  const rows = Buffer.alloc(6 * 4);
  const data = deflateSync(rows);
  const at = w.stream(4, "/Type /XRef /W [1 2 1] /Size 2000000000 /Index [0 6 6 1999999994] /Root 1 0 R /Filter /FlateDecode", data);
  void offsets;
  w.add(`startxref\n${at}\n%%EOF\n`);
  return w.bytes();
}

/**
 * Item 4: an object stream compressed twice (/Filter [/FlateDecode /FlateDecode]) that inflates to
 * `inflatedBytes` (2 to 3 KB on the wire), in a file whose table is broken so that the repair path
 * (pdf-lib) would have to decode it.
 */
export async function doubleFlateObjectStream(inflatedBytes = 512 * 1024 * 1024): Promise<Buffer> {
  const w = new Writer();
  pageObjects(w);
  const twice = deflateSync(await deflateZeros(inflatedBytes), { level: 9 });
  w.stream(5, "/Type /ObjStm /N 1 /First 4 /Filter [/FlateDecode /FlateDecode]", twice);
  // A table that points nowhere: the reader has to repair.
  w.add("xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n");
  return w.bytes();
}

/**
 * Item 12: a signature field whose /Contents holds `contentsBytes` of "signature" (9 MiB: 18 MiB of hex),
 * with a /ByteRange that covers the file around it exactly, as a real signature's does.
 */
export function hugeSignatureContents(contentsBytes = 9 * 1024 * 1024): Buffer {
  const w = new Writer();
  const offsets = [0];
  offsets.push(w.object(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>"));
  offsets.push(w.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
  offsets.push(w.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"));
  offsets.push(w.object(4, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V 5 0 R /Rect [0 0 0 0] /P 3 0 R /F 132 >>"));
  const placeholder = "/ByteRange [0 0000000000 0000000000 0000000000]";
  const head = `5 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached ${placeholder} /Contents `;
  const sigAt = w.length;
  // A DER SEQUENCE claiming the whole length, then zeros: plausible enough to be parsed if nothing stops it.
  const hex = `3084${contentsBytes.toString(16).padStart(8, "0")}`.padEnd(contentsBytes * 2, "0");
  offsets.push(w.add(`${head}<${hex}> /M (D:20260906120000+07'00') >>\nendobj\n`));
  const gapStart = sigAt + head.length;
  const gapEnd = gapStart + hex.length + 2;
  const at = w.add(`xref\n0 6\n${xrefRows(offsets)}trailer\n<< /Size 6 /Root 1 0 R >>\n`);
  w.add(`startxref\n${at}\n%%EOF\n`);
  const bytes = w.bytes();
  const range = `/ByteRange [0 ${String(gapStart).padStart(10, "0")} ${String(gapEnd).padStart(10, "0")} ${String(bytes.length - gapEnd).padStart(10, "0")}]`;
  bytes.write(range, sigAt + head.indexOf(placeholder), "latin1");
  return bytes;
}

/** A small valid one-page PDF, for the requests that run next to the attacks. */
export function smallValidPdf(): Buffer {
  const w = new Writer();
  const offsets = pageObjects(w);
  const at = w.add(`xref\n0 4\n${xrefRows(offsets)}trailer\n<< /Size 4 /Root 1 0 R >>\n`);
  w.add(`startxref\n${at}\n%%EOF\n`);
  return w.bytes();
}
