import { createHash, type X509Certificate } from "node:crypto";
import { PDFArray, PDFName, PDFRef } from "pdf-lib";
import { walkFields } from "@/lib/pdf/pdf-fields";
import { numbersOf, PdfReader } from "@/lib/pdf/pdf-reader";
import { certificateOf, isIssuedBy } from "@/lib/pdf/certificate-cache";
import { PrefixHasher, type TKnownDigests } from "@/lib/pdf/prefix-hasher";
import { readSignatures, revisionBoundaries } from "@/lib/pdf/read-signatures";
import { isWellFormedSerial } from "@/lib/pdf/serial";
import { indexOfAscii } from "@/lib/pdf/find-bytes";

/**
 * Everything verification needs to know about a file, derived from its bytes alone (no database,
 * no clock, no network), so the same facts feed the online and the offline verdict. Runs inside a
 * worker thread: every step is bounded (the reader's parse caps, page-walk limit, signature cap),
 * and it never throws: an unreadable file is a fact too.
 */

export type TSignatureFacts = {
  serial: string | null;
  serialWellFormed: boolean;
  subFilter: string | null;
  signedAt: string | null;
  byteRange: number[];
  revisionEnd: number;
  /** Ranges in the file, starting at 0, gap exactly the /Contents hex string. */
  byteRangeMatchesFile: boolean;
  /** The revision ends just after a %%EOF marker: where an incremental update ends. */
  endsAtRevisionBoundary: boolean;
  /** /Contents held a readable CMS. */
  cmsReadable: boolean;
  digestMatches: boolean;
  /** The CMS signature over its signed attributes verifies with the embedded signer certificate. */
  signatureValid: boolean;
  /** The signer certificate chains to one of the trust anchors (the published portal certificate). */
  signerIsPortal: boolean;
  signerSubject: string | null;
  problem: string | null;
  /** SHA-256 of bytes [0, revisionEnd), when revisionEnd is inside the file. */
  revisionSha256: string | null;
  /** Start of this signature's own update (the previous revision boundary) and the SHA-256 of the bytes before it. */
  updateStart: number | null;
  baseSha256: string | null;
  /** 1-based page of the signature's widget and its /Rect, when the form structure says. */
  page: number | null;
  rect: number[] | null;
};

/** A stretch of the file after the first stamp: from one revision boundary to the next (or to the end of the file). */
export type TLaterUpdate = { start: number; end: number; changedPages: number[]; objectCount: number };

export type TDocumentFacts =
  | { kind: "UNREADABLE"; sha256: string; sizeBytes: number; code: "EMPTY" | "NOT_PDF" | "ENCRYPTED" | "DAMAGED"; detail: string }
  | {
      kind: "READ";
      sha256: string;
      sizeBytes: number;
      /** Offsets just after each %%EOF (+ its end of line). */
      revisionBoundaries: number[];
      /** Number of xref sections chained by /Prev (1 for a file written in one go), or null when the structure could not be read. */
      xrefSections: number | null;
      structureProblem: string | null;
      signatures: TSignatureFacts[];
      /** Serials named in the raw bytes ("e-Meterai [SERIAL]") with no signature carrying them. */
      serialMentions: string[];
      pageCount: number | null;
      /** Every update after the earliest stamped revision, in file order; the judge decides which are stamps. */
      laterUpdates: TLaterUpdate[];
    };

export type TTrustAnchors = { certificates: X509Certificate[] };

export function trustAnchorsFromPem(pem: string): TTrustAnchors {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const certificates: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certificates.push(certificateOf(block));
    } catch {
      // An unreadable block in the published file simply trusts nothing.
    }
  }
  return { certificates };
}

const MAX_PAGES_MAPPED = 5000;

/** `knownDigests`: SHA-256s computed beforehand (the browser's WebCrypto), used instead of hashing again. */
export function extractDocumentFacts(bytes: Uint8Array, anchors: TTrustAnchors, options: { knownDigests?: TKnownDigests } = {}): TDocumentFacts {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeBytes = buffer.length;
  try {
    return extract(buffer, anchors, options.knownDigests);
  } catch (error) {
    // Bounded by construction; anything unexpected still yields a verdict rather than a crash.
    return { kind: "UNREADABLE", sha256: createHash("sha256").update(buffer).digest("hex"), sizeBytes, code: "DAMAGED", detail: `could not be read: ${(error as Error).message}` };
  }
}

function extract(buffer: Buffer, anchors: TTrustAnchors, knownDigests?: TKnownDigests): TDocumentFacts {
  const sizeBytes = buffer.length;
  if (sizeBytes === 0) return { kind: "UNREADABLE", sha256: createHash("sha256").digest("hex"), sizeBytes, code: "EMPTY", detail: "the file is empty" };
  if (buffer.subarray(0, 1024).indexOf("%PDF-") < 0) {
    return { kind: "UNREADABLE", sha256: createHash("sha256").update(buffer).digest("hex"), sizeBytes, code: "NOT_PDF", detail: "no %PDF- header in the first 1024 bytes" };
  }
  let reader: PdfReader | undefined;
  let structureProblem: string | null = null;
  try {
    reader = new PdfReader(buffer);
  } catch (error) {
    structureProblem = (error as Error).message;
  }
  const boundaries = knownDigests?.boundaries ?? revisionBoundaries(buffer);
  // One SHA-256 pass over the file serves the signatures' digests, the revisions' and the whole file's.
  const hasher = new PrefixHasher(buffer, boundaries, knownDigests);
  const { signatures: found, unreadObjects } = readSignatures(buffer, { reader: reader ?? null, hasher, boundaries });
  const prefixHash = (offset: number | null) => (offset !== null && offset >= 0 && offset <= sizeBytes ? hasher.prefixHex(offset) : null);
  const sha256 = hasher.prefixHex(sizeBytes);

  if (reader?.trailer.get(PDFName.of("Encrypt"))) {
    return { kind: "UNREADABLE", sha256, sizeBytes, code: "ENCRYPTED", detail: "the file is encrypted" };
  }
  const pages = reader ? safe(() => pageIndex(reader!)) : undefined;
  const widgets = reader ? safe(() => signatureWidgets(reader!, pages ?? new Map(), unreadObjects)) : undefined;

  const signatures: TSignatureFacts[] = found.map((signature) => {
    const updateStart = updateStartOf(boundaries, signature.revisionEnd);
    const widget = widgets?.get(signature.byteRange.join(","));
    const serial = signature.serialFromReason ?? null;
    return {
      serial,
      serialWellFormed: serial !== null && isWellFormedSerial(serial),
      subFilter: signature.subFilter ?? null,
      signedAt: signature.signedAt ? new Date(signature.signedAt).toISOString() : null,
      byteRange: signature.byteRange,
      revisionEnd: signature.revisionEnd,
      byteRangeMatchesFile: signature.byteRangeMatchesFile,
      endsAtRevisionBoundary: boundaries.includes(signature.revisionEnd),
      cmsReadable: signature.contentsDer !== undefined && !signature.problem,
      digestMatches: signature.digestMatches,
      signatureValid: signature.signatureValid,
      signerIsPortal: signature.signerCertPem ? chainsToAnchor(signature.signerCertPem, signature.chainPem, anchors, signature.signedAt) : false,
      signerSubject: signature.signerCertPem ? safe(() => commonName(certificateOf(signature.signerCertPem!).subject)) ?? null : null,
      problem: signature.problem ?? null,
      revisionSha256: signature.revisionEnd > 0 ? prefixHash(signature.revisionEnd) : null,
      updateStart,
      baseSha256: prefixHash(updateStart),
      page: widget?.page ?? null,
      rect: widget?.rect ?? null,
    };
  });
  if (!reader && signatures.length === 0) {
    return { kind: "UNREADABLE", sha256, sizeBytes, code: "DAMAGED", detail: `the PDF structure is too damaged to read (${structureProblem})` };
  }
  const carried = new Set(signatures.map((s) => s.serial).filter(Boolean));
  const serialMentions = signatures.length === 0 && indexOfAscii(buffer, "e-Meterai [") >= 0 ? mentions(buffer, carried) : [];
  return {
    kind: "READ",
    sha256,
    sizeBytes,
    revisionBoundaries: boundaries,
    xrefSections: reader ? reader.sections.length : null,
    structureProblem,
    signatures,
    serialMentions,
    pageCount: pages ? pages.size : null,
    laterUpdates: laterUpdates(buffer, boundaries, signatures, pages ?? new Map()),
  };
}

/** The updates after the earliest stamp, with the page objects each one rewrites (by object number). */
function laterUpdates(buffer: Buffer, boundaries: number[], signatures: TSignatureFacts[], pageOf: Map<number, number>): TLaterUpdate[] {
  const stamped = signatures.filter((s) => s.serial && s.endsAtRevisionBoundary).map((s) => s.revisionEnd);
  if (stamped.length === 0) return [];
  const firstStamp = Math.min(...stamped);
  const cuts = [...new Set([...boundaries.filter((b) => b > firstStamp), buffer.length])].filter((c) => c > firstStamp).sort((a, b) => a - b);
  const updates: TLaterUpdate[] = [];
  let start = firstStamp;
  for (const end of cuts.slice(0, 1000)) {
    const numbers = objectNumbersIn(buffer, start, end);
    const changedPages = [...new Set(numbers.map((n) => pageOf.get(n)).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
    updates.push({ start, end, changedPages, objectCount: numbers.length });
    start = end;
  }
  return updates;
}

function safe<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/** The boundary just before a revision end (0 for the first revision), or null if the end is not a boundary. */
function updateStartOf(boundaries: number[], revisionEnd: number): number | null {
  const index = boundaries.indexOf(revisionEnd);
  if (index < 0) return null;
  return index === 0 ? 0 : boundaries[index - 1];
}

/** Page object number → 1-based page number. */
function pageIndex(reader: PdfReader): Map<number, number> {
  const map = new Map<number, number>();
  const pages = reader.walkPages({ limit: MAX_PAGES_MAPPED });
  pages.forEach((page, index) => {
    if (page?.ref) map.set(page.ref.objectNumber, index + 1);
  });
  return map;
}

/** For each signature field's value (keyed by its ByteRange), the widget's page and /Rect. */
function signatureWidgets(reader: PdfReader, pages: Map<number, number>, unread: ReadonlySet<number>): Map<string, { page: number | null; rect: number[] | null }> {
  const out = new Map<string, { page: number | null; rect: number[] | null }>();
  for (const { field } of walkFields(reader)) {
    if (reader.resolve(field.get(PDFName.of("FT"))) !== PDFName.of("Sig")) continue;
    const ref = field.get(PDFName.of("V"));
    if (ref instanceof PDFRef && unread.has(ref.objectNumber)) continue;
    const value = reader.resolveDict(ref);
    const range = value && reader.resolve(value.get(PDFName.of("ByteRange")));
    if (!(range instanceof PDFArray)) continue;
    const key = range.asArray().map((n) => Number(n.toString())).join(",");
    const kids = reader.resolve(field.get(PDFName.of("Kids")));
    const widget = kids instanceof PDFArray ? reader.resolveDict(kids.asArray()[0]) : field;
    const pageRef = widget?.get(PDFName.of("P"));
    out.set(key, {
      page: pageRef instanceof PDFRef ? (pages.get(pageRef.objectNumber) ?? null) : null,
      rect: (widget && numbersOf(reader.resolve(widget.get(PDFName.of("Rect"))))) ?? null,
    });
  }
  return out;
}

function objectNumbersIn(buffer: Buffer, start: number, end: number): number[] {
  const text = buffer.toString("latin1", start, Math.min(end, start + 4 * 1024 * 1024));
  const numbers: number[] = [];
  for (const match of text.matchAll(/(?:^|[\r\n\s])(\d{1,10})\s+\d{1,5}\s+obj\b/g)) {
    numbers.push(Number(match[1]));
    if (numbers.length >= 100_000) break;
  }
  return numbers;
}

function mentions(buffer: Buffer, carried: Set<string | null>): string[] {
  const found = new Set<string>();
  for (let at = indexOfAscii(buffer, "e-Meterai ["); at >= 0 && found.size < 50; at = indexOfAscii(buffer, "e-Meterai [", at + 11)) {
    const match = /^e-Meterai \[([0-9A-HJKMNP-TV-Z]{22})\]/.exec(buffer.toString("latin1", at, at + 40));
    if (match && !carried.has(match[1])) found.add(match[1]);
  }
  return [...found];
}

/**
 * The signer certificate is trusted when it is one of the anchors, or when a chain of issuers from
 * the certificates embedded in the signature leads to an anchor, each link's signature verified
 * (RFC 5280 path building, simplified: no revocation or policy checks; validity at signing time).
 */
export function chainsToAnchor(signerPem: string, chainPem: string[], anchors: TTrustAnchors, signedAt?: Date | string): boolean {
  if (anchors.certificates.length === 0) return false;
  try {
    const signer = certificateOf(signerPem);
    const at = signedAt ? new Date(signedAt) : new Date();
    const pool = chainPem.map((pem) => safe(() => certificateOf(pem))).filter((c): c is X509Certificate => Boolean(c));
    let current = signer;
    for (let depth = 0; depth < 8; depth++) {
      if (!validAt(current, at)) return false;
      if (anchors.certificates.some((anchor) => anchor.fingerprint256 === current.fingerprint256)) return true;
      const anchorIssuer = anchors.certificates.find((anchor) => isIssuedBy(current, anchor));
      if (anchorIssuer) return validAt(anchorIssuer, at);
      const next = pool.find((candidate) => candidate.fingerprint256 !== current.fingerprint256 && isIssuedBy(current, candidate));
      if (!next) return false;
      current = next;
    }
    return false;
  } catch {
    return false;
  }
}

function validAt(cert: X509Certificate, at: Date): boolean {
  if (Number.isNaN(at.getTime())) return true;
  return new Date(cert.validFrom).getTime() <= at.getTime() + 86_400_000 && at.getTime() <= new Date(cert.validTo).getTime();
}

function commonName(subject: string): string {
  return /CN=([^\n]+)/.exec(subject)?.[1] ?? subject.split("\n").join(", ");
}
