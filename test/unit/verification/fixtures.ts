// Real stamped PDFs and their altered versions, made with the portal's own stamping code and real
// tools (qpdf, pdf-lib, byte edits, a hand-written incremental update). Shared by the verification
// unit, integration and benchmark code.
import { execFileSync } from "node:child_process";
import * as zlibFns from "node:zlib";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFArray, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import type { Signer } from "@/lib/pdf/signer";
import { createPortalPki, createSigner } from "@/lib/signing/pki";
import { PdfReader } from "@/lib/pdf/pdf-reader";
import { generateSerial } from "@/lib/pdf/serial";
import { stampPdf, type StampPdfResult } from "@/lib/pdf/stamp-pdf";
import { writeIncrementalUpdate } from "@/lib/pdf/write-incremental-update";

export { CORPUS_DIR, corpusFile as corpus } from "@/test/helpers/corpus";

export type TTestPki = { anchorsPem: string; signer: Signer; certChainPem: string[]; keyPem: string };

export function makePki(commonName = "Portal e-Meterai (test)"): TTestPki {
  const pki = createPortalPki({ commonName });
  const certChainPem = [pki.signingCertPem, pki.rootCertPem];
  return { anchorsPem: certChainPem.join("\n"), signer: createSigner({ keyPem: pki.signingKeyPem, certChainPem }), certChainPem, keyPem: pki.signingKeyPem };
}

export async function stamp(pdf: Uint8Array, signer: Signer, placements: { page: number; x: number; y: number; serial?: string }[] = [{ page: 1, x: 40, y: 40 }]): Promise<StampPdfResult> {
  return stampPdf({
    pdf,
    signer,
    signedAt: new Date(),
    stamps: placements.map((p) => {
      const serial = p.serial ?? generateSerial();
      return { serial, page: p.page, x: p.x, y: p.y, verifyUrl: `https://emeterai.example.id/v/${serial}` };
    }),
  });
}

/** One byte inside the first signed range changed (in the original document's body, away from the xref). */
export function flipByteInSignedRange(stamped: Uint8Array, byteRange: number[]): Uint8Array {
  const out = new Uint8Array(stamped);
  const at = Math.floor(byteRange[1] / 3);
  out[at] = out[at] === 0x41 ? 0x42 : 0x41;
  return out;
}

/**
 * A real incremental update that adds a line of text to a page: a new content stream, the page
 * rewritten with /Contents [old new], a new xref section chained by /Prev. The input is an exact prefix.
 */
export function appendTextUpdate(pdf: Uint8Array, pageIndex = 0, text = "ADDED AFTER STAMPING"): Uint8Array {
  const reader = new PdfReader(pdf);
  const page = reader.findPage(pageIndex)!;
  const next = reader.nextObjectNumber;
  const content = Buffer.from(`BT /F1 18 Tf 72 400 Td (${text}) Tj ET`, "latin1");
  const dict = page.dict.clone(reader.context);
  const old = dict.get(PDFName.of("Contents"));
  const contents = reader.context.obj([]) as PDFArray;
  if (old instanceof PDFArray) for (const item of old.asArray()) contents.push(item);
  else if (old) contents.push(old);
  contents.push(PDFRef.of(next));
  dict.set(PDFName.of("Contents"), contents);
  const resources = reader.context.obj({ Font: { F1: { Type: "Font", Subtype: "Type1", BaseFont: "Helvetica" } } });
  if (!dict.get(PDFName.of("Resources"))) dict.set(PDFName.of("Resources"), resources);
  const trailer = reader.trailer;
  const bytes = Buffer.from(pdf);
  const update = writeIncrementalUpdate({
    objects: [
      { number: next, generation: 0, body: Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from("\nendstream")]) },
      { number: page.ref.objectNumber, generation: page.ref.generationNumber, body: Buffer.from(dict.toString(), "latin1") },
    ],
    startPosition: bytes.length,
    needsLeadingEol: bytes[bytes.length - 1] !== 0x0a,
    xref: {
      kind: reader.lastSectionKind,
      previousXref: reader.startxref,
      offsetBase: reader.offsetBase,
      root: trailer.get(PDFName.of("Root"))!.toString(),
      info: trailer.get(PDFName.of("Info"))?.toString(),
      id: trailer.get(PDFName.of("ID"))?.toString() ?? "[<00><00>]",
      size: reader.nextObjectNumber + 1,
    },
  });
  return new Uint8Array(Buffer.concat([bytes, update.bytes]));
}

export function resaveWithQpdf(pdf: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "verify-qpdf-"));
  try {
    writeFileSync(join(dir, "in.pdf"), pdf);
    try {
      execFileSync("qpdf", [join(dir, "in.pdf"), join(dir, "out.pdf")], { stdio: "pipe" });
    } catch (error) {
      // qpdf exits 3 when it succeeded with warnings.
      if ((error as { status?: number }).status !== 3) throw error;
    }
    return new Uint8Array(readFileSync(join(dir, "out.pdf")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function resaveWithPdfLib(pdf: Uint8Array): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  return document.save();
}

/**
 * Transplant: the CMS (the /Contents value) of a genuine stamp on document A, put into an update on
 * another document B that names A's serial, exactly as a forger would rebuild it.
 */
export async function transplant(stampedA: StampPdfResult, otherDocument: Uint8Array, signer: Signer, placement = { page: 1, x: 40, y: 40 }): Promise<Uint8Array> {
  const serial = stampedA.revisions[0].serial;
  const host = await stamp(otherDocument, signer, [{ ...placement, serial }]);
  const [, a1, a2] = stampedA.revisions[0].byteRange;
  const [, b1, b2] = host.revisions[0].byteRange;
  if (a2 - a1 !== b2 - b1) throw new Error("signature slots differ in size");
  const out = Buffer.from(host.pdf);
  Buffer.from(stampedA.pdf).copy(out, b1, a1, a2);
  return new Uint8Array(out);
}

/** A tiny ZIP writer (stored or deflated entries, names taken as given: even hostile ones) for tests. */
export function zipOf(entries: { name: string; bytes: Uint8Array; deflate?: boolean }[]): Uint8Array {
  const { crc32, deflateRawSync } = zlibFns;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = entry.deflate ? deflateRawSync(entry.bytes, { level: 9 }) : Buffer.from(entry.bytes);
    const crc = crc32(entry.bytes);
    const method = entry.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}
