import { EncryptedPDFError, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import { PdfError } from "./pdf-error";
import { PdfReader, StructureError } from "./pdf-reader";
import { screenForRepair } from "./screen-for-repair";
import { indexOfAscii } from "./find-bytes";

/**
 * Opening a PDF for an incremental update, shared by inspectPdf and stampPdf: first-byte checks,
 * the lightweight reader, encryption, and the objects every update rewrites. Structural damage is
 * reported as a StructureError so callers can choose between repair and refusal.
 */

export function assertLooksLikePdf(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new PdfError("EMPTY");
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024));
  if (head.indexOf("%PDF-") < 0) throw new PdfError("NOT_PDF", "no %PDF- header in the first 1024 bytes");
}

/** Open with the lightweight reader and check the objects an update needs resolve (§7.5.6). */
export function openForUpdate(bytes: Uint8Array, options: { rebuildXref?: boolean } = {}): PdfReader {
  const reader = new PdfReader(bytes, options);
  // Checked before resolving anything: encrypted object streams cannot be read without the key.
  if (reader.trailer.get(PDFName.of("Encrypt"))) throw new PdfError("ENCRYPTED");
  const catalog = reader.catalog();
  if (catalog.get(PDFName.of("Type")) !== PDFName.of("Catalog") && !catalog.get(PDFName.of("Pages"))) {
    throw new StructureError("/Root is not a catalog");
  }
  if (!reader.resolveDict(catalog.get(PDFName.of("Pages")))) throw new StructureError("/Pages does not resolve");
  const acroForm = catalog.get(PDFName.of("AcroForm"));
  if (acroForm instanceof PDFRef && !reader.resolveDict(acroForm)) throw new StructureError("/AcroForm does not resolve");
  return reader;
}

/** Cheap test for "this file carries a signature" that works even when its structure does not. */
export function hasSignatureBytes(bytes: Uint8Array): boolean {
  return indexOfAscii(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "/ByteRange") >= 0;
}

/**
 * Rewrite a damaged, unsigned file once with pdf-lib (it scans objects sequentially, so it
 * recovers from broken xref tables) without object streams, so the result has a classic table.
 */
export async function repairPdf(bytes: Uint8Array): Promise<Uint8Array> {
  screenForRepair(bytes);
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
    if (document.getPageCount() === 0) throw new PdfError("DAMAGED", "repair found no pages");
    return await document.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  } catch (error) {
    if (error instanceof PdfError) throw error;
    if (error instanceof EncryptedPDFError) throw new PdfError("ENCRYPTED");
    // pdf-lib throws plain TypeErrors on some broken catalogs: all of them mean "cannot repair".
    throw new PdfError("DAMAGED", `repair failed: ${(error as Error).message}`);
  }
}
