import { createHash, verify, type X509Certificate } from "node:crypto";
import { PDFArray, PDFContext, PDFDict, PDFHexString, PDFName,  PDFRef } from "pdf-lib";
import { certificateOf, pemOfCertificate } from "./certificate-cache";
import { childrenOf, content, decodeOid, decodeTime, type DerNode, readNode, slice } from "./der";
import { textOf, walkFields } from "./pdf-fields";
import { PdfReader } from "./pdf-reader";
import { parsePdfDate } from "./pdf-syntax";
import type { PrefixHasher } from "./prefix-hasher";
import { indexOfAscii } from "./find-bytes";
import { parseObjectFrom } from "./object-parser";

/**
 * Find and check every signature in a PDF, for verification. Signature dictionaries are found two
 * ways: by scanning the raw bytes for /ByteRange (so stamps survive a broken AcroForm or xref) and
 * by walking the AcroForm (for dictionaries stored inside compressed object streams). Each one is
 * checked cryptographically here; deciding a verdict (tampered, re-saved, revoked…) is the
 * verifier's job. Never throws; work is bounded by the caps below.
 */

export type FoundSignature = {
  fieldName?: string;
  byteRange: number[];
  contentsDer: Uint8Array | undefined;
  subFilter: string | undefined;
  reason: string | undefined;
  serialFromReason: string | undefined;
  signedAt: Date | undefined;
  /** End offset of the signed revision (byteRange[2] + byteRange[3]). */
  revisionEnd: number;
  /** Ranges in bounds, starting at 0, and the gap is exactly the /Contents hex string. */
  byteRangeMatchesFile: boolean;
  /** messageDigest attribute equals the hash of the two ranges. */
  digestMatches: boolean;
  /** Signature over the signed attributes verifies with the embedded signer certificate. */
  signatureValid: boolean;
  signerCertPem: string | undefined;
  chainPem: string[];
  problem?: string;
};

/** One revision of the file: bytes [start, end) end just after a `%%EOF` marker (§7.5.6). */
export type RevisionSection = { start: number; end: number };

export type ReadSignaturesResult = {
  signatures: FoundSignature[];
  revisions: RevisionSection[];
  /** Offsets just after each `%%EOF` and its end of line, in file order (where each revision ends). */
  boundaries: number[];
  /** Objects holding a signature whose /Contents is past the cap: callers must not resolve them either. */
  unreadObjects: ReadonlySet<number>;
};

export type ReadSignaturesOptions = {
  /** The file's reader when the caller has one already (null: the structure could not be read). */
  reader?: PdfReader | null;
  /** Shares the SHA-256 pass with the caller's other digests of the same bytes. */
  hasher?: PrefixHasher;
  /** revisionBoundaries(bytes), when the caller has them already. */
  boundaries?: number[];
};

const MAX_SIGNATURES = 200;
/**
 * A signature's /Contents (the CMS) is read up to this many bytes. Real ones are a few KB, and tens of
 * KB with embedded revocation data; past the cap the signature is reported unreadable, unparsed.
 */
export const MAX_SIGNATURE_CONTENTS_BYTES = 512 * 1024;
const tooLarge = (byteRange: number[]) => byteRange[2] - byteRange[1] - 2 > 2 * MAX_SIGNATURE_CONTENTS_BYTES;
const MAX_REVISIONS = 10_000;
const SERIAL_IN_REASON = /\[([0-9A-HJKMNP-TV-Z]{22})\]/;

export function readSignatures(bytes: Uint8Array, options: ReadSignaturesOptions = {}): ReadSignaturesResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, FoundSignature>();
  const digest: TDigest = (algorithm, byteRange) =>
    algorithm === "sha256" && options.hasher
      ? options.hasher.rangeDigest(byteRange)
      : createHash(algorithm)
          .update(buffer.subarray(byteRange[0], byteRange[0] + byteRange[1]))
          .update(buffer.subarray(byteRange[2], Math.min(buffer.length, byteRange[2] + byteRange[3])))
          .digest();
  /** Objects holding a signature too large to parse: the AcroForm walk does not resolve them either. */
  const unread = new Set<number>();
  try {
    for (const dict of scanSignatureDictionaries(buffer, unread)) addSignature(found, buffer, dict, digest);
  } catch {
    // Scanning is best effort: whatever was found so far is still reported.
  }
  try {
    if (options.reader !== null) {
      for (const { dict, fieldName } of acroFormSignatureDictionaries(options.reader ?? new PdfReader(bytes), unread)) addSignature(found, buffer, dict, digest, fieldName);
    }
  } catch {
    // A broken structure only means the AcroForm cannot add anything beyond the raw scan.
  }
  const signatures = [...found.values()].sort((a, b) => a.revisionEnd - b.revisionEnd);
  const boundaries = options.boundaries ?? revisionBoundaries(buffer);
  return { signatures, revisions: revisionsOf(boundaries, buffer.length), boundaries, unreadObjects: unread };
}

type TDigest = (algorithm: string, byteRange: number[]) => Buffer;

function addSignature(found: Map<string, FoundSignature>, buffer: Buffer, dict: PDFDict, digest: TDigest, fieldName?: string): void {
  const byteRange = numbers(dict.get(PDFName.of("ByteRange")));
  if (!byteRange || byteRange.length !== 4 || found.size >= MAX_SIGNATURES) return;
  const key = byteRange.join(",");
  const existing = found.get(key);
  if (existing) {
    existing.fieldName ??= fieldName;
    return;
  }
  found.set(key, checkSignature(buffer, dict, byteRange, digest, fieldName));
}

/** Each raw `/ByteRange`, parsed as the dictionary of the indirect object that contains it. */
function* scanSignatureDictionaries(buffer: Buffer, unread: Set<number>): Generator<PDFDict> {
  const context = PDFContext.create();
  let count = 0;
  for (let at = indexOfAscii(buffer, "/ByteRange"); at >= 0 && count < MAX_SIGNATURES; at = indexOfAscii(buffer, "/ByteRange", at + 10)) {
    count++;
    const windowStart = Math.max(0, at - 8192);
    const before = buffer.toString("latin1", windowStart, at);
    const headers = [...before.matchAll(/(\d+)\s+\d+\s+obj\b/g)];
    const header = headers[headers.length - 1];
    if (!header || header.index === undefined) continue;
    // A /Contents past the cap is not parsed at all (18 MiB of hex costs seconds to tokenize): the
    // signature is reported from its /ByteRange alone.
    const range = /^\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/.exec(buffer.toString("latin1", at, at + 80));
    if (range && tooLarge(range.slice(1).map(Number))) {
      unread.add(Number(header[1]));
      yield context.obj({ ByteRange: range.slice(1).map(Number) });
      continue;
    }
    try {
      const object = parseObjectFrom(buffer.subarray(windowStart + header.index + header[0].length), context);
      if (object instanceof PDFDict && object.has(PDFName.of("ByteRange"))) yield object;
    } catch {
      continue;
    }
  }
}

function* acroFormSignatureDictionaries(reader: PdfReader, unread: Set<number>): Generator<{ dict: PDFDict; fieldName: string }> {
  for (const { field, name } of walkFields(reader)) {
    if (reader.resolve(field.get(PDFName.of("FT"))) !== PDFName.of("Sig")) continue;
    const value = field.get(PDFName.of("V"));
    if (value instanceof PDFRef && unread.has(value.objectNumber)) continue;
    const dict = reader.resolveDict(value);
    if (dict) yield { dict, fieldName: name };
    else if (value instanceof PDFRef) continue;
  }
}

function numbers(object: unknown): number[] | undefined {
  if (!(object instanceof PDFArray)) return undefined;
  return object.asArray().map((item) => Number(item.toString()));
}

function checkSignature(buffer: Buffer, dict: PDFDict, byteRange: number[], digest: TDigest, fieldName?: string): FoundSignature {
  const reason = textOf(dict.get(PDFName.of("Reason")));
  const result: FoundSignature = {
    fieldName,
    byteRange,
    contentsDer: undefined,
    subFilter: textOf(dict.get(PDFName.of("SubFilter"))),
    reason,
    serialFromReason: reason ? SERIAL_IN_REASON.exec(reason)?.[1] : undefined,
    signedAt: parsePdfDate(textOf(dict.get(PDFName.of("M")))),
    revisionEnd: byteRange[2] + byteRange[3],
    byteRangeMatchesFile: byteRangeMatches(buffer, byteRange),
    digestMatches: false,
    signatureValid: false,
    signerCertPem: undefined,
    chainPem: [],
  };
  if (tooLarge(byteRange)) return { ...result, problem: `signature data larger than ${MAX_SIGNATURE_CONTENTS_BYTES / 1024} KB: not read` };
  const contents = dict.get(PDFName.of("Contents"));
  const hex = contents instanceof PDFHexString ? contents.asString() : undefined;
  if (!hex) return { ...result, problem: "no /Contents hex string" };
  try {
    const raw = Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
    const der = slice(raw, readNode(raw, 0));
    result.contentsDer = new Uint8Array(der);
    Object.assign(result, verifyCms(der, byteRange, digest));
  } catch (error) {
    result.problem = `CMS unreadable: ${(error as Error).message}`;
  }
  return result;
}

/** §12.8.1: [0, a, b, c] with the gap a..b holding exactly `<hex>` and the ranges inside the file. */
function byteRangeMatches(buffer: Buffer, [start, length1, offset2, length2]: number[]): boolean {
  if (start !== 0 || length1 <= 0 || offset2 <= length1 || length2 < 0 || offset2 + length2 > buffer.length) return false;
  if (buffer[length1] !== 0x3c || buffer[offset2 - 1] !== 0x3e) return false;
  return /^[0-9A-Fa-f\s]*$/.test(buffer.toString("latin1", length1 + 1, offset2 - 1));
}

const DIGESTS: Record<string, string> = {
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  "1.3.14.3.2.26": "sha1",
};
const OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME = "1.2.840.113549.1.9.5";

type CmsCheck = Pick<FoundSignature, "digestMatches" | "signatureValid" | "signerCertPem" | "chainPem"> & { signedAt?: Date; problem?: string };

/** RFC 5652: SignedData → certificates, the first SignerInfo's signed attributes and signature. */
function verifyCms(der: Buffer, byteRange: number[], digestOf: TDigest): CmsCheck {
  const contentInfo = childrenOf(der, readNode(der, 0));
  const signedData = childrenOf(der, childrenOf(der, contentInfo[1])[0]);
  const certificatesNode = signedData.find((node) => node.tag === 0xa0);
  const certificates = certificatesNode ? childrenOf(der, certificatesNode).map((node) => certificateOf(slice(der, node))) : [];
  const chainPem = certificates.map(pemOfCertificate);
  const signerInfos = childrenOf(der, signedData[signedData.length - 1]);
  if (signerInfos.length === 0) return { digestMatches: false, signatureValid: false, signerCertPem: undefined, chainPem, problem: "no SignerInfo" };
  const signerInfo = childrenOf(der, signerInfos[0]);
  const digestAlgorithm = DIGESTS[decodeOid(der, childrenOf(der, signerInfo[2])[0])];
  const signedAttributes = signerInfo.find((node) => node.tag === 0xa0);
  const signatureNode = signerInfo[signerInfo.length - 1];
  const signer = findSignerCertificate(der, signerInfo[1], certificates);
  const base = { signerCertPem: signer ? pemOfCertificate(signer) : undefined, chainPem };
  if (!digestAlgorithm || !signedAttributes || !signer) {
    return { ...base, digestMatches: false, signatureValid: false, problem: "unsupported CMS (digest, attributes or certificate missing)" };
  }
  const attributes = readAttributes(der, signedAttributes);
  const digest = digestOf(digestAlgorithm, byteRange);
  const messageDigest = attributes.get(OID_MESSAGE_DIGEST);
  const digestMatches = messageDigest !== undefined && digest.equals(content(der, childrenOf(der, messageDigest)[0]));
  // The signature covers the attributes re-tagged as a SET OF (RFC 5652 §5.4).
  const signedBytes = Buffer.from(slice(der, signedAttributes));
  signedBytes[0] = 0x31;
  let signatureValid = false;
  try {
    signatureValid = verify(digestAlgorithm, signedBytes, signer.publicKey, content(der, signatureNode));
  } catch {
    signatureValid = false;
  }
  const signingTime = attributes.get(OID_SIGNING_TIME);
  return { ...base, digestMatches, signatureValid, signedAt: signingTime ? decodeTime(der, childrenOf(der, signingTime)[0]) : undefined };
}

/** Attribute type OID → its SET of values. */
function readAttributes(der: Buffer, node: DerNode): Map<string, DerNode> {
  const attributes = new Map<string, DerNode>();
  for (const attribute of childrenOf(der, node)) {
    const [type, values] = childrenOf(der, attribute);
    attributes.set(decodeOid(der, type), values);
  }
  return attributes;
}

/** SignerIdentifier as IssuerAndSerialNumber: match the serial; fall back to the first certificate. */
function findSignerCertificate(der: Buffer, sid: DerNode, certificates: X509Certificate[]): X509Certificate | undefined {
  if (sid.tag === 0x30) {
    const serialNode = childrenOf(der, sid)[1];
    const serial = content(der, serialNode).toString("hex").replace(/^0+/, "").toUpperCase();
    const match = certificates.find((cert) => cert.serialNumber.replace(/^0+/, "").toUpperCase() === serial);
    if (match) return match;
  }
  return certificates[0];
}

/** Offsets just after each `%%EOF` and its end of line (§7.5.5): where each revision ends. */
export function revisionBoundaries(buffer: Buffer): number[] {
  const ends: number[] = [];
  for (let at = buffer.indexOf("%%EOF"); at >= 0 && ends.length < MAX_REVISIONS; at = buffer.indexOf("%%EOF", at + 5)) {
    let end = at + 5;
    if (buffer[end] === 0x0d) end++;
    if (buffer[end] === 0x0a) end++;
    ends.push(end);
  }
  return ends;
}

/** Revisions end after each `%%EOF` (and its end-of-line); the last one runs to the end of the file. */
function revisionsOf(boundaries: number[], fileLength: number): RevisionSection[] {
  const revisions = boundaries.map((end, index) => ({ start: index === 0 ? 0 : boundaries[index - 1], end }));
  if (revisions.length > 0 && revisions[revisions.length - 1].end < fileLength) revisions[revisions.length - 1].end = fileLength;
  return revisions;
}
