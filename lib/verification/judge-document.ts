import type { TDocumentFacts, TSignatureFacts } from "./document-facts";
import { type TDocumentVerdict, type TReason, type TReasonParams, type TStampInfo, type TStampVerdict, type TVerdict, worstOf } from "./verdicts";

/**
 * The verdict engine: facts derived from the bytes (document-facts.ts) plus what the registry says
 * about the serials found → one verdict per stamp and an overall verdict. Pure: no I/O, no clock,
 * so online (registry in the database) and offline (no registry) verification share every rule.
 *
 * Per stamp, checks run in this order and the first failure decides:
 *  1. RESAVED        the signed revision no longer lines up with the file (ByteRange outside the file,
 *                    its gap not on /Contents, or not ending at an update's %%EOF): a rewrite.
 *  2. TAMPERED       the CMS in /Contents is unreadable.
 *  3. UNKNOWN_SERIAL the signer does not chain to the portal's published certificate.
 *  4. TAMPERED       the CMS signature over its signed attributes fails.
 *  5. UNKNOWN_SERIAL the serial's check character fails, or (online) the registry never issued it.
 *  6. REVOKED        (online) an operator revoked it.
 *  7. TAMPERED/COPIED the signed bytes do not match the digest. COPIED when the registry shows the
 *                    signature was made for a different document (see copiedOrTampered), else TAMPERED.
 *  8. COPIED         (online) digest fine but the registry's signed-revision hash is another document's.
 *  9. MODIFIED_AFTER_STAMP something other than a valid portal stamp was appended after it.
 * 10. VALID.
 * The overall verdict is the worst per-stamp verdict (SEVERITY in verdicts.ts).
 */

export type TRegistryStamp = {
  serial: string;
  status: "ACTIVE" | "REVOKED";
  revokedAt: Date | null;
  revokedReason: string | null;
  signedRevisionSha256: string;
  documentSha256: string;
  page: number;
  rect: [number, number, number, number];
  affixedAt: Date;
  /** Length in bytes of the signed revision when the registry knows it (the last stamp of an affix job), else null. */
  revisionLength: number | null;
  /** Length of the whole output the stamp was issued in, when known. */
  outputLength: number | null;
};

export type TRegistryView = { consulted: true; stamps: Map<string, TRegistryStamp> } | { consulted: false };

const reason = (code: string, detail: string, params?: TReasonParams): TReason => (params ? { code, detail, params } : { code, detail });

export function judgeDocument(facts: TDocumentFacts, registry: TRegistryView): TDocumentVerdict {
  const base = { sha256: facts.sha256, sizeBytes: facts.sizeBytes, registryConsulted: registry.consulted };
  if (facts.kind === "UNREADABLE") {
    return { ...base, verdict: "UNREADABLE", reason: reason(`UNREADABLE_${facts.code}`, facts.detail), stamps: [] };
  }
  const stamps = facts.signatures.filter((s) => s.serial !== null || s.signerIsPortal);
  if (stamps.length === 0) return notStamped(facts, registry, base);

  const verdicts = stamps.map((signature) => judgeStamp(signature, facts, registry));
  const overall = worstOf(verdicts.map((v) => v.verdict))!;
  const decisive = verdicts.find((v) => v.verdict === overall)!;
  const count = verdicts.length;
  const matching = verdicts.filter((v) => v.verdict === overall).length;
  const detail = count === 1 ? decisive.reason.detail : `${matching} of ${count} stamps: ${decisive.reason.detail}`;
  const params = count === 1 ? decisive.reason.params : { ...decisive.reason.params, stampsMatching: matching, stampsTotal: count };
  return { ...base, verdict: overall, reason: reason(decisive.reason.code, detail, params), stamps: verdicts };
}

function notStamped(facts: Extract<TDocumentFacts, { kind: "READ" }>, registry: TRegistryView, base: Omit<TDocumentVerdict, "verdict" | "reason" | "stamps">): TDocumentVerdict {
  // A stamp's text without its signature (a pasted image of a real stamp, a print-to-PDF): if the
  // serial is a registered one, the stamp was copied from the document it was issued for.
  if (registry.consulted) {
    const copied = facts.serialMentions.filter((serial) => registry.stamps.has(serial));
    if (copied.length > 0) {
      const stamps: TStampVerdict[] = copied.map((serial) => ({
        verdict: "COPIED",
        reason: reason("SERIAL_WITHOUT_SIGNATURE", `serial ${serial} appears in the file but no signature backs it; it was issued for another document`, { serial }),
        stamp: { serial, signedAt: null, page: null, signer: null, revisionSha256: null },
        registryConsulted: true,
      }));
      return { ...base, verdict: "COPIED", reason: stamps[0].reason, stamps };
    }
  }
  if (facts.signatures.length > 0) {
    return { ...base, verdict: "NOT_STAMPED", reason: reason("OTHER_SIGNATURES_ONLY", `${facts.signatures.length} signature(s), none of them an e-Meterai`, { signatureCount: facts.signatures.length }), stamps: [] };
  }
  return { ...base, verdict: "NOT_STAMPED", reason: reason("NO_SIGNATURE", "the file has no digital signature"), stamps: [] };
}

function stampVerdict(verdict: Exclude<TVerdict, "REVOKED" | "MODIFIED_AFTER_STAMP" | "NOT_STAMPED" | "UNREADABLE">, why: TReason, stamp: TStampInfo, consulted: boolean): TStampVerdict {
  return { verdict, reason: why, stamp, registryConsulted: consulted };
}

/** A later signature that counts as "only a further stamp": intact, by the portal, with a serial. */
function isGoodPortalStamp(s: TSignatureFacts): boolean {
  return s.serial !== null && s.byteRangeMatchesFile && s.endsAtRevisionBoundary && s.cmsReadable && s.signerIsPortal && s.signatureValid && s.digestMatches && s.serialWellFormed;
}

export function judgeStamp(s: TSignatureFacts, facts: Extract<TDocumentFacts, { kind: "READ" }>, registry: TRegistryView): TStampVerdict {
  const consulted = registry.consulted;
  const info: TStampInfo = { serial: s.serial, signedAt: s.signedAt, page: s.page, signer: s.signerSubject, revisionSha256: s.revisionSha256 };
  const registered = consulted && s.serial ? registry.stamps.get(s.serial) : undefined;
  if (registered) info.page ??= registered.page;

  const rewrite = rewriteEvidence(s, facts);
  // A rewrite may or may not have changed the content: the reason says the stamp no longer proves it.
  if (rewrite) return stampVerdict("RESAVED", { ...rewrite, detail: `${rewrite.detail}; the stamp no longer proves this file's content` }, info, consulted);
  if (!s.cmsReadable) return stampVerdict("TAMPERED", reason("SIGNATURE_UNREADABLE", `the signature value cannot be read (${s.problem ?? "no CMS"})`, { problem: s.problem ?? "no CMS" }), info, consulted);
  if (!s.signerIsPortal) {
    return stampVerdict("UNKNOWN_SERIAL", reason("NOT_PORTAL_CERTIFICATE", `signed by "${s.signerSubject ?? "an unknown signer"}", not by the portal's published certificate`, s.signerSubject ? { signer: s.signerSubject } : {}), info, consulted);
  }
  if (!s.signatureValid) return stampVerdict("TAMPERED", reason("SIGNATURE_INVALID", "the signature value does not verify with its certificate"), info, consulted);
  if (!s.serial || !s.serialWellFormed) {
    return stampVerdict("UNKNOWN_SERIAL", reason("SERIAL_CHECK_FAILED", s.serial ? `serial ${s.serial} fails its check character` : "the signature names no serial", s.serial ? { serial: s.serial } : {}), info, consulted);
  }
  if (consulted && !registered) return stampVerdict("UNKNOWN_SERIAL", reason("NOT_REGISTERED", `serial ${s.serial} was never issued by the portal`, { serial: s.serial }), info, consulted);
  if (registered?.status === "REVOKED") {
    return {
      verdict: "REVOKED",
      reason: reason("REVOKED", `serial ${s.serial} was revoked${registered.revokedAt ? ` on ${registered.revokedAt.toISOString()}` : ""}${registered.revokedReason ? `: ${registered.revokedReason}` : ""}`, {
        serial: s.serial,
        ...(registered.revokedAt ? { revokedAt: registered.revokedAt.toISOString() } : {}),
        ...(registered.revokedReason ? { revokedReason: registered.revokedReason } : {}),
      }),
      stamp: info,
      revokedAt: registered.revokedAt?.toISOString() ?? null,
      revokedReason: registered.revokedReason,
      registryConsulted: true,
    };
  }
  if (!s.digestMatches) {
    const copied = registered ? copiedOrTampered(s, registered) : undefined;
    if (copied) return stampVerdict("COPIED", copied, info, consulted);
    return stampVerdict("TAMPERED", reason("DIGEST_MISMATCH", "bytes covered by the signature were changed after stamping"), info, consulted);
  }
  if (registered && registered.signedRevisionSha256 !== s.revisionSha256) {
    return stampVerdict("COPIED", reason("REGISTERED_TO_OTHER_DOCUMENT", `serial ${s.serial} is registered to a different signed document`, { serial: s.serial }), info, consulted);
  }
  const modified = modificationsAfter(s, facts);
  if (modified) {
    return { verdict: "MODIFIED_AFTER_STAMP", reason: modified.reason, stamp: info, changedPages: modified.changedPages, registryConsulted: consulted };
  }
  if (!consulted) {
    return stampVerdict("VALID", reason("VALID_OFFLINE", "signature intact and made by the portal's certificate; the registry could not be consulted (registration and revocation not checked)"), info, false);
  }
  return stampVerdict("VALID", reason("VALID", `signature intact, serial ${s.serial} registered to exactly this signed revision and not revoked`, { serial: s.serial }), info, true);
}

/** RESAVED evidence: the signed revision cannot be located in this file the way the portal wrote it. */
function rewriteEvidence(s: TSignatureFacts, facts: Extract<TDocumentFacts, { kind: "READ" }>): TReason | undefined {
  const structure = facts.xrefSections === 1 ? "; the file now has a single cross-reference section (rewritten in one go)" : "";
  const rewrittenInOneGo = facts.xrefSections === 1 ? 1 : 0;
  if (s.revisionEnd > facts.sizeBytes) {
    return reason("REWRITTEN_SHORTER", `the signature covers ${s.revisionEnd} bytes but the file now has ${facts.sizeBytes}${structure}`, { signedBytes: s.revisionEnd, fileBytes: facts.sizeBytes, rewrittenInOneGo });
  }
  if (!s.byteRangeMatchesFile) {
    return reason("REWRITTEN_OFFSETS_MOVED", `the signed byte range no longer lines up with the signature value${structure}`, { rewrittenInOneGo });
  }
  if (!s.endsAtRevisionBoundary) {
    return reason("REWRITTEN_NO_REVISION", `the signed revision no longer ends at an incremental update${structure}`, { rewrittenInOneGo });
  }
  return undefined;
}

/**
 * The signed bytes changed. If the registry shows the signature was made for a different document,
 * it was transplanted (COPIED); if the document is (as far as the registry can tell) the one it was
 * issued for, its bytes were edited (TAMPERED). The registry holds hashes, not bytes, so the tell is:
 * the document before the stamp's update still hashes as registered → the stamp's own update was
 * edited (TAMPERED); else the signed revision's length, where the registry knows it (a one-byte edit
 * keeps the length, a transplant almost never does); else the page and position the stamp was issued at.
 */
export function copiedOrTampered(s: Pick<TSignatureFacts, "serial" | "baseSha256" | "revisionEnd" | "page" | "rect">, registered: TRegistryStamp): TReason | undefined {
  if (s.baseSha256 !== null && s.baseSha256 === registered.documentSha256) return undefined;
  const otherDocument = reason("SIGNATURE_FROM_OTHER_DOCUMENT", `the signature of serial ${s.serial} was made for a different document and moved into this one`, { serial: s.serial ?? "" });
  if (registered.revisionLength !== null) return registered.revisionLength === s.revisionEnd ? undefined : otherDocument;
  if (registered.outputLength !== null && s.revisionEnd > registered.outputLength) return otherDocument;
  const samePlace = s.page === registered.page && s.rect !== null && s.rect.length === 4 && s.rect.every((v, i) => Math.abs(v - registered.rect[i]) < 0.5);
  return samePlace ? undefined : otherDocument;
}

/** Anything after this stamp's revision that is not a further intact portal stamp. */
function modificationsAfter(s: TSignatureFacts, facts: Extract<TDocumentFacts, { kind: "READ" }>): { reason: TReason; changedPages: number[] } | undefined {
  const stampEnds = new Set(facts.signatures.filter(isGoodPortalStamp).map((x) => x.revisionEnd));
  const otherSigned = new Map(facts.signatures.filter((x) => !isGoodPortalStamp(x)).map((x) => [x.revisionEnd, x]));
  const foreign = facts.laterUpdates.filter((u) => u.start >= s.revisionEnd && !stampEnds.has(u.end));
  if (foreign.length === 0) return undefined;
  const changedPages = [...new Set(foreign.flatMap((u) => u.changedPages))].sort((a, b) => a - b);
  const signedLater = foreign.some((u) => otherSigned.has(u.end));
  const bytes = foreign.reduce((sum, u) => sum + (u.end - u.start), 0);
  const where = changedPages.length > 0 ? `; page(s) changed: ${changedPages.join(", ")}` : foreign.every((u) => u.objectCount === 0) ? "; only bytes with no PDF objects were appended" : "; the changed pages could not be determined";
  const what = signedLater ? "a later update that is not an e-Meterai (another signature)" : `${foreign.length} later update(s) that are not stamps`;
  const pagesKnown = changedPages.length > 0 ? 1 : foreign.every((u) => u.objectCount === 0) ? 0 : -1;
  const params = { updates: foreign.length, bytes, signedLater: signedLater ? 1 : 0, pages: changedPages.join(", "), pagesKnown };
  return { reason: reason("UPDATED_AFTER_STAMP", `${what} changed the document after this stamp (${bytes} bytes)${where}`, params), changedPages };
}
