import { createHash, type Hash } from "node:crypto";
import { copyBytes } from "@/lib/copy-bytes";
import { randomBytes } from "@/lib/random-bytes";
import { PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRef, PDFString } from "pdf-lib";
import { buildCmsSignature, measureCmsSignature } from "./cms";
import { placeOnPage, type Placement } from "./page-geometry";
import { walkFields } from "./pdf-fields";
import { assertLooksLikePdf, hasSignatureBytes, openForUpdate, repairPdf } from "./open-pdf";
import { PdfError } from "./pdf-error";
import { type PdfReader, StructureError, numberOf } from "./pdf-reader";
import { pdfDate, pdfNumber, pdfTextString } from "./pdf-syntax";
import type { Signer } from "./signer";
import { isWellFormedSerial } from "./serial";
import { DEFAULT_STAMP_WIDTH, drawStampAppearance, STAMP_RESOURCES } from "./stamp-appearance";
import { type UpdatedObject, type XrefContext, writeIncrementalUpdate } from "./write-incremental-update";

/**
 * Affix e-Meterai stamps to a PDF. Each stamp is its own incremental update (ISO 32000-1 §7.5.6)
 * carrying its own signature (§12.8): the input is an exact prefix of the output and every earlier
 * revision (and signature) stays intact. Only the objects that change are written: signature
 * dictionary, signature field/widget, appearance XObject, the page (or its /Annots array), the
 * AcroForm (or its /Fields array) and the catalog when the AcroForm is new or inline.
 */

export type StampPlacement = {
  serial: string;
  /** 1-based page number. */
  page: number;
  /** Lower-left corner in PDF points from the bottom-left of the page as displayed (after /Rotate, within the CropBox). */
  x: number;
  y: number;
  /** Width in points (height follows: the stamp is square). Default 100 pt ≈ 3.5 cm. */
  width?: number;
  verifyUrl: string;
};

export type StampPdfOptions = {
  pdf: Uint8Array;
  stamps: StampPlacement[];
  signer: Signer;
  signedAt: Date;
  reason?: (serial: string) => string;
  location?: string;
  contactInfo?: string;
  /** Refuse bigger inputs with TOO_LARGE. Default 100 MB. */
  maxBytes?: number;
  /** Refuse documents with more pages with TOO_MANY_PAGES. Default 5000. */
  maxPages?: number;
  /**
   * `pdf` starts its buffer (shared memory lent for this call), and the rest of the buffer is the
   * caller's to overwrite: the updates are written there, right after the input, when they fit, so the
   * output is the buffer's first bytes and the input is never copied.
   */
  writeAfterInput?: boolean;
};

export type StampRevision = {
  serial: string;
  page: number;
  rect: [number, number, number, number];
  byteRange: [number, number, number, number];
  /** SHA-256 of the output from byte 0 to the end of this revision (endOffset). */
  signedRevisionSha256: string;
  endOffset: number;
};

export type StampPdfResult = {
  pdf: Uint8Array;
  repaired: boolean;
  originalSha256: string;
  revisions: StampRevision[];
};

const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
const DEFAULT_MAX_PAGES = 5000;
/** Extra room in /Contents beyond the measured CMS size: GeneralizedTime after 2049 adds 2 bytes. */
const CONTENTS_SLACK_BYTES = 16;
/** Fixed-width ByteRange placeholder, patched in place once offsets are known. */
const BYTE_RANGE_PLACEHOLDER = `[0 ${"0".repeat(10)} ${"0".repeat(10)} ${"0".repeat(10)}]`;

export const defaultReason = (serial: string): string => `e-Meterai [${serial}]`;

export async function stampPdf(options: StampPdfOptions): Promise<StampPdfResult> {
  validateRequest(options);
  const input = options.pdf;
  let base = input;
  let repaired = false;
  let reader: PdfReader;
  try {
    reader = openForUpdate(input);
    checkTargetsResolve(reader, options);
  } catch (error) {
    if (!(error instanceof StructureError)) throw error;
    // A broken structure is repaired only when no signature is in the file (a repair could invalidate it).
    if (hasSignatureBytes(input)) throw new PdfError("DAMAGED_SIGNED", error.message);
    repaired = true;
    try {
      // First the cheap repair, which keeps every original byte: the cross-reference table is rebuilt by
      // scanning for objects, and the update carries a complete table of its own (a few ms for 2.6 MB).
      reader = openForUpdate(input, { rebuildXref: true });
      checkTargetsResolve(reader, options);
    } catch (rebuildError) {
      if (!(rebuildError instanceof StructureError)) throw rebuildError;
      // Then the thorough one: pdf-lib reads what it can and the file is rewritten.
      base = await repairPdf(input);
      try {
        reader = openForUpdate(base);
        checkTargetsResolve(reader, options);
      } catch (retryError) {
        if (retryError instanceof StructureError) throw new PdfError("DAMAGED", retryError.message);
        throw retryError;
      }
    }
  }
  return appendStamps({ options, reader, base, repaired, input });
}

function validateRequest(options: StampPdfOptions): void {
  assertLooksLikePdf(options.pdf);
  if (options.pdf.length > (options.maxBytes ?? DEFAULT_MAX_BYTES)) throw new PdfError("TOO_LARGE");
  for (const stamp of options.stamps) {
    if (!isWellFormedSerial(stamp.serial)) throw new PdfError("INVALID_SERIAL", stamp.serial);
    if (!Number.isInteger(stamp.page) || stamp.page < 1) throw new PdfError("PAGE_OUT_OF_RANGE", `page ${stamp.page}`);
    const width = stamp.width ?? DEFAULT_STAMP_WIDTH;
    if (![stamp.x, stamp.y, width].every(Number.isFinite) || width < 20 || width > 600) {
      throw new PdfError("PLACEMENT_OUT_OF_PAGE", "position or width not usable");
    }
  }
}

/** Page count limit and target pages, checked before any byte is written. */
function checkTargetsResolve(reader: PdfReader, options: StampPdfOptions): void {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (reader.declaredPageCount() > maxPages) throw new PdfError("TOO_MANY_PAGES");
  for (const stamp of options.stamps) {
    const page = reader.findPage(stamp.page - 1);
    if (!page) {
      // Either the page does not exist or /Count lies: a full walk tells which.
      const all = reader.walkPages({ limit: maxPages });
      if (all.length > maxPages) throw new PdfError("TOO_MANY_PAGES");
      if (stamp.page > all.length) throw new PdfError("PAGE_OUT_OF_RANGE", `page ${stamp.page} of ${all.length}`);
      throw new StructureError(`page ${stamp.page} not reachable`);
    }
    placeOnPage(page, stamp);
  }
}

type AppendContext = { options: StampPdfOptions; reader: PdfReader; base: Uint8Array; repaired: boolean; input: Uint8Array };

async function appendStamps(ctx: AppendContext): Promise<StampPdfResult> {
  const { options, reader, base } = ctx;
  const running = createHash("sha256").update(base);
  const originalSha256 = base !== ctx.input ? createHash("sha256").update(ctx.input).digest("hex") : running.copy().digest("hex");
  const contentsBytes = measureCmsSignature(options.signer) + CONTENTS_SLACK_BYTES;
  const xref = initialXrefContext(reader);
  const revisions: StampRevision[] = [];
  const chunks: Buffer[] = [Buffer.from(base.buffer, base.byteOffset, base.byteLength)];
  let length = base.length;
  let lastByte = base[base.length - 1];
  let hash: Hash = running;
  for (const stamp of options.stamps) {
    const update = buildStampObjects({ reader, stamp, xref, options, contentsBytes });
    const written = writeIncrementalUpdate({ objects: update.objects, startPosition: length, needsLeadingEol: lastByte !== 0x0a && lastByte !== 0x0d, xref });
    const revision = signRevision({ bytes: written.bytes, startPosition: length, sigPosition: written.positions.get(update.sigNumber)!, hash, options, contentsBytes });
    hash = revision.hash;
    chunks.push(written.bytes);
    length += written.bytes.length;
    lastByte = written.bytes[written.bytes.length - 1];
    xref.previousXref = written.xrefOffset;
    xref.size = written.size;
    xref.carried = undefined; // a rebuilt table is written once; later stamps chain to it
    revisions.push({ serial: stamp.serial, page: stamp.page, rect: update.rect, byteRange: revision.byteRange, signedRevisionSha256: revision.revisionSha256, endOffset: length });
  }
  return { pdf: joinOutput(chunks, length, options.writeAfterInput && base === ctx.input), repaired: ctx.repaired, originalSha256, revisions };
}

/**
 * The input and its updates as one array. In the input's own buffer when allowed and it fits (only the
 * updates are copied, a few KB), else one copy of everything into new memory.
 */
function joinOutput(chunks: Buffer[], length: number, afterInput: boolean | undefined): Uint8Array {
  const [input, ...updates] = chunks;
  if (afterInput && input.byteOffset === 0 && input.buffer.byteLength >= length) {
    const whole = Buffer.from(input.buffer, 0, length);
    let at = input.byteLength;
    for (const update of updates) at += copyBytes(whole, update, at);
    return new Uint8Array(input.buffer, 0, length);
  }
  // Wrapped as a plain Uint8Array view, not a second copy.
  const output = Buffer.concat(chunks, length);
  return new Uint8Array(output.buffer, output.byteOffset, output.length);
}

function initialXrefContext(reader: PdfReader): XrefContext {
  const trailer = reader.trailer;
  const info = trailer.get(PDFName.of("Info"));
  const id = trailer.get(PDFName.of("ID"));
  const firstId = id instanceof PDFArray && id.size() > 0 ? id.get(0) : undefined;
  const first = firstId instanceof PDFHexString || firstId instanceof PDFString ? firstId.toString() : undefined;
  // §14.4: the first ID stays the document's permanent identifier, the second changes per revision.
  const fresh = `<${randomBytes(16).toString("hex")}>`;
  return {
    kind: reader.lastSectionKind,
    previousXref: reader.rebuilt ? null : reader.startxref,
    carried: reader.rebuilt ? [...reader.rebuilt].map(([number, entry]) => ({ number, ...entry })) : undefined,
    offsetBase: reader.offsetBase,
    root: reader.rootRef.toString(),
    info: info instanceof PDFRef ? info.toString() : undefined,
    id: `[${first ?? fresh} ${fresh}]`,
    size: reader.nextObjectNumber,
  };
}

type StampObjects = { objects: UpdatedObject[]; sigNumber: number; rect: Placement["rect"] };

function buildStampObjects(args: { reader: PdfReader; stamp: StampPlacement; xref: XrefContext; options: StampPdfOptions; contentsBytes: number }): StampObjects {
  const { reader, stamp, xref, options } = args;
  const page = reader.findPage(stamp.page - 1);
  if (!page) throw new PdfError("PAGE_OUT_OF_RANGE", `page ${stamp.page}`);
  const placement = placeOnPage(page, stamp);
  let next = xref.size;
  const sigNumber = next++;
  const widgetNumber = next++;
  const appearanceNumber = next++;
  const objects: UpdatedObject[] = [];
  const put = (number: number, generation: number, body: Buffer | string, object?: PDFObject): void => {
    objects.push({ number, generation, body: typeof body === "string" ? Buffer.from(body, "latin1") : body });
    if (object) reader.setObject(number, object);
  };

  put(sigNumber, 0, signatureDictionary({ serial: stamp.serial, options, contentsBytes: args.contentsBytes }));
  const widgetRef = PDFRef.of(widgetNumber);
  put(widgetNumber, 0, widgetDictionary({ stamp, rect: placement.rect, sigNumber, appearanceNumber, pageRef: page.ref }));
  put(appearanceNumber, 0, appearanceXObject(stamp, placement.matrix));
  addToArrayEntry({ reader, owner: page.dict, ownerRef: page.ref, key: "Annots", item: widgetRef, put, allocate: () => next++ });
  addSignatureField({ reader, widgetRef, put, allocate: () => next++ });
  xref.size = next;
  return { objects, sigNumber, rect: placement.rect };
}

function signatureDictionary(args: { serial: string; options: StampPdfOptions; contentsBytes: number }): string {
  const { options } = args;
  const reason = (options.reason ?? defaultReason)(args.serial);
  const optional = [
    options.location ? `/Location ${pdfTextString(options.location)}` : "",
    options.contactInfo ? `/ContactInfo ${pdfTextString(options.contactInfo)}` : "",
  ].join(" ");
  // §12.8.1 Table 252: /ByteRange and /Contents are patched in place after the layout is fixed.
  return (
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${BYTE_RANGE_PLACEHOLDER} ` +
    `/Contents <${"0".repeat(args.contentsBytes * 2)}> /M ${pdfDate(options.signedAt)} /Reason ${pdfTextString(reason)} ` +
    `/Name ${pdfTextString(options.signer.commonName)} ${optional}>>`
  );
}

function widgetDictionary(args: { stamp: StampPlacement; rect: Placement["rect"]; sigNumber: number; appearanceNumber: number; pageRef: PDFRef }): string {
  const rect = args.rect.map(pdfNumber).join(" ");
  // Field and widget merged in one dictionary (§12.7.3.1); /F 4 = Print (§12.5.3).
  return (
    `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${pdfTextString(`e-Meterai ${args.stamp.serial}`)} /V ${args.sigNumber} 0 R ` +
    `/Rect [${rect}] /P ${args.pageRef.toString()} /F 4 /AP << /N ${args.appearanceNumber} 0 R >> >>`
  );
}

function appearanceXObject(stamp: StampPlacement, matrix: string): Buffer {
  const appearance = drawStampAppearance({ serial: stamp.serial, verifyUrl: stamp.verifyUrl, width: stamp.width });
  const dict =
    `<< /Type /XObject /Subtype /Form /FormType 1 /BBox [0 0 ${pdfNumber(appearance.width)} ${pdfNumber(appearance.height)}] ` +
    `/Matrix ${matrix} /Resources ${STAMP_RESOURCES} /Filter /FlateDecode /Length ${appearance.compressed.length} >>`;
  return Buffer.concat([Buffer.from(`${dict}\nstream\n`, "latin1"), appearance.compressed, Buffer.from("\nendstream", "latin1")]);
}

type Put = (number: number, generation: number, body: string, object?: PDFObject) => void;

/**
 * Append `item` to the array `owner[key]`. When that array is an indirect object, only the array
 * is rewritten (the owner keeps pointing at it); otherwise the owner itself gets a new version.
 */
function addToArrayEntry(args: { reader: PdfReader; owner: PDFDict; ownerRef: PDFRef; key: string; item: PDFRef; put: Put; allocate: () => number }): void {
  const { reader, owner, key } = args;
  const current = owner.get(PDFName.of(key));
  if (current instanceof PDFRef) {
    const array = reader.resolve(current);
    if (array instanceof PDFArray) {
      const updated = array.clone(reader.context);
      updated.push(args.item);
      args.put(current.objectNumber, current.generationNumber, updated.toString(), updated);
      return;
    }
  }
  const updatedOwner = owner.clone(reader.context);
  const array = current instanceof PDFArray ? current.clone(reader.context) : reader.context.obj([]);
  array.push(args.item);
  updatedOwner.set(PDFName.of(key), array);
  args.put(args.ownerRef.objectNumber, args.ownerRef.generationNumber, updatedOwner.toString(), updatedOwner);
}

/** Register the field in the AcroForm (§12.7.2), creating it if absent, with /SigFlags 3 (§12.7.2 Table 219). */
function addSignatureField(args: { reader: PdfReader; widgetRef: PDFRef; put: Put; allocate: () => number }): void {
  const { reader } = args;
  const rootRef = reader.rootRef;
  const catalog = reader.catalog();
  const acroFormEntry = catalog.get(PDFName.of("AcroForm"));
  const signatureFlags = PDFNumber.of(3);
  if (acroFormEntry instanceof PDFRef) {
    const acroForm = reader.resolveDict(acroFormEntry)!;
    const updated = acroForm.clone(reader.context);
    updated.set(PDFName.of("SigFlags"), signatureFlags);
    const appearancesSettled = settleNeedAppearances(reader, updated);
    addToArrayEntry({ ...args, owner: updated, ownerRef: acroFormEntry, key: "Fields", item: args.widgetRef });
    // When /Fields was an indirect array the AcroForm itself still needs its new flags.
    const flagsChanged = numberOf(acroForm.get(PDFName.of("SigFlags"))) !== 3 || appearancesSettled;
    if (flagsChanged && acroForm.get(PDFName.of("Fields")) instanceof PDFRef) {
      args.put(acroFormEntry.objectNumber, acroFormEntry.generationNumber, updated.toString(), updated);
    }
    return;
  }
  const updatedCatalog = catalog.clone(reader.context);
  if (acroFormEntry instanceof PDFDict) {
    const acroForm = acroFormEntry.clone(reader.context);
    acroForm.set(PDFName.of("SigFlags"), signatureFlags);
    settleNeedAppearances(reader, acroForm);
    const fields = acroForm.get(PDFName.of("Fields"));
    if (fields instanceof PDFRef) {
      addToArrayEntry({ ...args, owner: acroForm, ownerRef: fields, key: "Fields", item: args.widgetRef });
    } else {
      const array = fields instanceof PDFArray ? fields.clone(reader.context) : reader.context.obj([]);
      array.push(args.widgetRef);
      acroForm.set(PDFName.of("Fields"), array);
    }
    updatedCatalog.set(PDFName.of("AcroForm"), acroForm);
  } else {
    const acroFormNumber = args.allocate();
    const acroForm = reader.context.obj({ Fields: [args.widgetRef], SigFlags: 3 });
    args.put(acroFormNumber, 0, acroForm.toString(), acroForm);
    updatedCatalog.set(PDFName.of("AcroForm"), PDFRef.of(acroFormNumber));
  }
  args.put(rootRef.objectNumber, rootRef.generationNumber, updatedCatalog.toString(), updatedCatalog);
}

/**
 * /NeedAppearances true asks viewers to regenerate every field appearance; poppler then replaces
 * the stamp's appearance with an empty one, and regenerating anything in a signed document changes
 * what was signed (ISO 32000-2 §12.7.3 deprecates the flag). It is turned off only when every
 * existing widget already has an appearance (/AP /N), so no other field can disappear.
 * Returns true when the flag was changed.
 */
function settleNeedAppearances(reader: PdfReader, acroForm: PDFDict): boolean {
  if (acroForm.get(PDFName.of("NeedAppearances")) !== PDFBool.True) return false;
  for (const { field } of walkFields(reader)) {
    const kids = reader.resolve(field.get(PDFName.of("Kids")));
    if (kids instanceof PDFArray) continue;
    const appearance = reader.resolveDict(field.get(PDFName.of("AP")));
    if (!appearance || !appearance.get(PDFName.of("N"))) return false;
  }
  acroForm.delete(PDFName.of("NeedAppearances"));
  return true;
}

/**
 * Patch /ByteRange, hash the two ranges (§12.8.1: everything but the /Contents hex string), sign,
 * and write the CMS hex into the placeholder in place. The running hash covers every byte before
 * this revision once, shared by the signature digest and the revision digest.
 */
function signRevision(args: { bytes: Buffer; startPosition: number; sigPosition: number; hash: Hash; options: StampPdfOptions; contentsBytes: number }): {
  byteRange: StampRevision["byteRange"];
  revisionSha256: string;
  hash: Hash;
} {
  const { bytes, startPosition } = args;
  const sigRelative = args.sigPosition - startPosition;
  const byteRangeAt = bytes.indexOf(BYTE_RANGE_PLACEHOLDER, sigRelative, "latin1");
  const contentsAt = bytes.indexOf("/Contents <", sigRelative, "latin1") + "/Contents ".length;
  const contentsEnd = contentsAt + 2 + args.contentsBytes * 2;
  const total = startPosition + bytes.length;
  const byteRange: StampRevision["byteRange"] = [0, startPosition + contentsAt, startPosition + contentsEnd, total - (startPosition + contentsEnd)];
  // Same width as the placeholder: numbers first, spaces before the closing bracket.
  const rangeText = `[${byteRange.join(" ")}`.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, " ") + "]";
  bytes.write(rangeText, byteRangeAt, "latin1");

  const prefix = args.hash;
  prefix.update(bytes.subarray(0, contentsAt));
  const contentDigest = prefix.copy().update(bytes.subarray(contentsEnd)).digest();
  const cms = buildCmsSignature({ signer: args.options.signer, contentDigest, signedAt: args.options.signedAt });
  if (cms.length > args.contentsBytes) throw new PdfError("SIGNATURE_TOO_LARGE", `${cms.length} > ${args.contentsBytes}`);
  bytes.write(cms.toString("hex").toUpperCase(), contentsAt + 1, "latin1");
  prefix.update(bytes.subarray(contentsAt));
  return { byteRange, revisionSha256: prefix.copy().digest("hex"), hash: prefix };
}

/**
 * Predict the output size before stamping (so people know whether the result fits a recipient's
 * limit). Per stamp: signature dictionary with its /Contents placeholder (2 hex chars per CMS byte),
 * widget, appearance stream (~1.5 KB compressed), the rewritten page and AcroForm, and the xref
 * section. Calibrated against real outputs; pages with very large dictionaries add their size.
 */
export function estimateStampedSize(options: { sizeBytes: number; stampCount: number; hasXrefStream: boolean; cmsBytes?: number }): number {
  const cmsBytes = options.cmsBytes ?? DEFAULT_CMS_BYTES;
  const contents = 2 * (cmsBytes + CONTENTS_SLACK_BYTES);
  const objects = PER_STAMP_OBJECT_BYTES;
  const xrefSection = options.hasXrefStream ? XREF_STREAM_BYTES : XREF_TABLE_BYTES;
  return options.sizeBytes + options.stampCount * (contents + objects + xrefSection);
}

/** CMS size for the portal's default chain (RSA-2048 leaf + RSA-3072 root, as createPortalPki makes). */
const DEFAULT_CMS_BYTES = 2903;
const PER_STAMP_OBJECT_BYTES = 2700;
const XREF_TABLE_BYTES = 250;
const XREF_STREAM_BYTES = 250;

export { placeOnPage, visibleBox } from "./page-geometry";
