import { EncryptedPDFError, PDFDocument, PDFName } from "pdf-lib";
import { textOf, walkFields } from "./pdf-fields";
import { assertLooksLikePdf, openForUpdate } from "./open-pdf";
import { isPdfError } from "./pdf-error";
import { type PdfReader, StructureError, numbersOf } from "./pdf-reader";
import { screenForRepair } from "./screen-for-repair";
import { parsePdfDate } from "./pdf-syntax";
import { visibleBox } from "./page-geometry";

/**
 * Pre-flight: what the portal needs to know about an upload before it spends quota on it. Never
 * throws; every failure becomes `{ ok: false, problem }`. `needsRepair` is decided by really reading
 * the structure an incremental update depends on: the newest xref section and its /Prev chain, the
 * trailer's /Root, and every page object through the page tree.
 */

export type InspectedPage = {
  /** Size as displayed (after /Rotate), from the CropBox clipped to the MediaBox. */
  width: number;
  height: number;
  rotate: number;
  /** Lower-left corner of the visible box in default user space. */
  origin: { x: number; y: number };
};

export type InspectedSignature = {
  fieldName: string;
  subFilter: string | undefined;
  reason: string | undefined;
  signedAt?: Date;
  byteRange: number[] | undefined;
  /** The signature covers the whole file: nothing was appended after it. */
  coversWholeFile: boolean;
};

export type InspectProblem = "NOT_PDF" | "ENCRYPTED" | "DAMAGED" | "TOO_MANY_PAGES" | "EMPTY";

export type InspectResult =
  | {
      ok: true;
      pageCount: number;
      pdfVersion: string;
      sizeBytes: number;
      pages: InspectedPage[];
      signatures: InspectedSignature[];
      hasXrefStream: boolean;
      isLinearized: boolean;
      needsRepair: boolean;
      repairReason?: string;
    }
  | { ok: false; problem: InspectProblem; detail: string };

export type InspectOptions = { maxPages?: number };

export async function inspectPdf(bytes: Uint8Array, options: InspectOptions = {}): Promise<InspectResult> {
  const maxPages = options.maxPages ?? 5000;
  try {
    assertLooksLikePdf(bytes);
  } catch (error) {
    if (isPdfError(error) && (error.code === "EMPTY" || error.code === "NOT_PDF")) return { ok: false, problem: error.code, detail: error.messages.en };
    return { ok: false, problem: "DAMAGED", detail: String(error) };
  }
  try {
    return inspectStructure(bytes, maxPages);
  } catch (error) {
    if (isPdfError(error) && error.code === "ENCRYPTED") return { ok: false, problem: "ENCRYPTED", detail: error.messages.en };
    if (isPdfError(error) && error.code === "TOO_MANY_PAGES") return { ok: false, problem: "TOO_MANY_PAGES", detail: error.detail ?? error.messages.en };
    if (!(error instanceof StructureError)) return { ok: false, problem: "DAMAGED", detail: String(error) };
    return inspectDamaged(bytes, maxPages, error.message);
  }
}

function inspectStructure(bytes: Uint8Array, maxPages: number, options: { rebuildXref?: boolean } = {}): InspectResult {
  const reader = openForUpdate(bytes, options);
  if (reader.declaredPageCount() > maxPages) return tooManyPages(reader.declaredPageCount(), maxPages);
  const pages = reader.walkPages({ limit: maxPages });
  if (pages.length > maxPages) return tooManyPages(pages.length, maxPages);
  if (pages.length === 0) throw new StructureError("the page tree has no pages");
  const catalogVersion = reader.catalog().get(PDFName.of("Version"));
  return {
    ok: true,
    pageCount: pages.length,
    pdfVersion: laterVersion(reader.headerVersion, catalogVersion instanceof PDFName ? catalogVersion.decodeText() : undefined),
    sizeBytes: bytes.length,
    pages: pages.map((page) => describePage(visibleBox(page), page.rotate)),
    signatures: listSignatures(reader, bytes.length),
    hasXrefStream: reader.lastSectionKind === "stream",
    isLinearized: isLinearized(bytes),
    needsRepair: false,
  };
}

/**
 * When the structure is broken: first as stamping will read it, by scanning for objects without the
 * table (lib/pdf/pdf-reader.ts, rebuildXref); failing that, pdf-lib's sequential scan still tells pages
 * and encryption (stamping then rewrites the file with pdf-lib).
 */
async function inspectDamaged(bytes: Uint8Array, maxPages: number, reason: string): Promise<InspectResult> {
  try {
    const rebuilt = inspectStructure(bytes, maxPages, { rebuildXref: true });
    return rebuilt.ok ? { ...rebuilt, needsRepair: true, repairReason: reason } : rebuilt;
  } catch {
    // Not recoverable by scanning: pdf-lib below.
  }
  let document: PDFDocument;
  try {
    screenForRepair(bytes);
  } catch (error) {
    return { ok: false, problem: "DAMAGED", detail: `${reason}; ${isPdfError(error) ? (error.detail ?? error.code) : String(error)}` };
  }
  try {
    document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) return { ok: false, problem: "ENCRYPTED", detail: "encrypted" };
    return { ok: false, problem: "DAMAGED", detail: `${reason}; ${(error as Error).message}` };
  }
  try {
    const pageCount = document.getPageCount();
    if (pageCount === 0) return { ok: false, problem: "DAMAGED", detail: `${reason}; no pages found` };
    if (pageCount > maxPages) return tooManyPages(pageCount, maxPages);
    const pages = document.getPages().map((page) => {
      const crop = page.getCropBox();
      return describePage([crop.x, crop.y, crop.x + crop.width, crop.y + crop.height], page.getRotation().angle);
    });
    const header = /%PDF-(\d\.\d)/.exec(Buffer.from(bytes.subarray(0, 1024)).toString("latin1"))?.[1] ?? "1.0";
    return {
      ok: true,
      pageCount,
      pdfVersion: header,
      sizeBytes: bytes.length,
      pages,
      signatures: [],
      hasXrefStream: false,
      isLinearized: isLinearized(bytes),
      needsRepair: true,
      repairReason: reason,
    };
  } catch (error) {
    return { ok: false, problem: "DAMAGED", detail: `${reason}; ${(error as Error).message}` };
  }
}

function tooManyPages(count: number, maxPages: number): InspectResult {
  return { ok: false, problem: "TOO_MANY_PAGES", detail: `${count} pages, the limit is ${maxPages}` };
}

function describePage(box: [number, number, number, number], rotation: number): InspectedPage {
  const rotate = (((Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  const width = box[2] - box[0];
  const height = box[3] - box[1];
  const turned = rotate === 90 || rotate === 270;
  return { width: turned ? height : width, height: turned ? width : height, rotate, origin: { x: box[0], y: box[1] } };
}

function laterVersion(header: string, catalog: string | undefined): string {
  if (!catalog || !/^\d\.\d$/.test(catalog)) return header;
  return Number(catalog) > Number(header) ? catalog : header;
}

/** Linearized files declare it in their first object (Annex F.2). */
function isLinearized(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 2048)).indexOf("/Linearized") >= 0;
}

/** Signed signature fields reachable from the AcroForm (§12.7.2, §12.8), bounded. */
function listSignatures(reader: PdfReader, fileLength: number): InspectedSignature[] {
  const signatures: InspectedSignature[] = [];
  for (const { field, name } of walkFields(reader)) {
    if (reader.resolve(field.get(PDFName.of("FT"))) !== PDFName.of("Sig")) continue;
    const value = reader.resolveDict(field.get(PDFName.of("V")));
    if (!value) continue;
    const byteRange = numbersOf(reader.resolve(value.get(PDFName.of("ByteRange"))));
    signatures.push({
      fieldName: name,
      subFilter: textOf(value.get(PDFName.of("SubFilter"))),
      reason: textOf(reader.resolve(value.get(PDFName.of("Reason")))),
      signedAt: parsePdfDate(textOf(reader.resolve(value.get(PDFName.of("M"))))),
      byteRange,
      coversWholeFile: byteRange?.length === 4 && byteRange[2] + byteRange[3] === fileLength,
    });
  }
  return signatures;
}

