// The registry lookup for verification done elsewhere (in the committee's browser): what the browser
// sends about each stamp it found, what the registry answers, and how the answer becomes the
// TRegistryView that judgeDocument takes, so the browser reaches exactly the server's verdict.
// Pure (zod only): bundled for the browser as well as used by POST /api/v1/stamps/lookup.
//
// Privacy: the request carries serials and hashes/lengths the browser computed, never document bytes;
// the answer carries only what the public serial lookup already shows (status, revocation's when and
// why, page and position) plus booleans comparing the browser's hashes with the registry's. The
// registry's own hashes and lengths are never returned, and nothing about the owner is.
import { z } from "zod";
import type { TDocumentFacts } from "./document-facts";
import type { TRegistryStamp, TRegistryView } from "./judge-document";

export const LOOKUP_MAX_STAMPS = 1000;

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lowercase hex (64 characters)");

export const ZStampLookupItem = z.object({
  serial: z.string().max(100).describe("The 22-character serial found in the document (exact, as the signature names it)."),
  signedRevisionSha256: ZSha256.nullable().optional().describe("SHA-256 of the document's bytes from 0 to the end of this stamp's signed revision."),
  baseSha256: ZSha256.nullable().optional().describe("SHA-256 of the bytes before this stamp's own incremental update (the document as it was before stamping)."),
  signedRevisionLength: z.number().int().min(0).max(2 ** 40).nullable().optional().describe("Length in bytes of the signed revision (the end of its /ByteRange)."),
  page: z.number().int().min(1).max(1_000_000).nullable().optional().describe("1-based page of the stamp's widget in this document."),
  rect: z.array(z.number().finite()).length(4).nullable().optional().describe("The widget's /Rect in this document."),
});
export type TStampLookupItem = z.infer<typeof ZStampLookupItem>;

export const ZStampLookupRequest = z.object({
  stamps: z.array(ZStampLookupItem).min(1).max(LOOKUP_MAX_STAMPS).describe(`1 to ${LOOKUP_MAX_STAMPS} stamps; the same serial may appear several times (one item per document it was found in).`),
});
export type TStampLookupRequest = z.infer<typeof ZStampLookupRequest>;

export const ZStampLookupResult = z
  .discriminatedUnion("registered", [
    z.object({ serial: z.string(), registered: z.literal(false) }),
    z.object({
      serial: z.string(),
      registered: z.literal(true),
      status: z.enum(["ACTIVE", "REVOKED"]),
      affixedAt: z.string(),
      revokedAt: z.string().nullable().describe("When it was revoked (REVOKED only), as the verdict shows it."),
      revokedReason: z.string().nullable().describe("Why it was revoked (REVOKED only), as the verdict shows it."),
      page: z.number().int().describe("The page the stamp was issued on."),
      rect: z.array(z.number()).length(4).describe("The position ([x1, y1, x2, y2] in PDF points) the stamp was issued at."),
      signedRevisionMatches: z.boolean().nullable().describe("Whether signedRevisionSha256 is the registered signed revision's hash (null when none was sent)."),
      signatureFromOtherDocument: z
        .boolean()
        .nullable()
        .describe("If the signed bytes do not match the signature's digest: true when the registry shows the signature was made for a different document (COPIED), false when for this one (TAMPERED). Null when signedRevisionLength was not sent."),
    }),
  ])
  .describe("Public: nothing about the owner (no account, e-mail or order), nor the registry's own hashes.");
export type TStampLookupResult = z.infer<typeof ZStampLookupResult>;

export const ZStampLookupAnswer = z.object({ results: z.array(ZStampLookupResult).describe("One result per item, in request order.") });
export type TStampLookupAnswer = z.infer<typeof ZStampLookupAnswer>;

/** What the browser asks about one document: its signatures' well-formed serials (with their facts) and serials mentioned without a signature. */
export function lookupItemsOf(facts: TDocumentFacts, isWellFormed: (serial: string) => boolean): TStampLookupItem[] {
  if (facts.kind !== "READ") return [];
  const items: TStampLookupItem[] = [];
  for (const s of facts.signatures) {
    if (!s.serial || !isWellFormed(s.serial)) continue;
    items.push({
      serial: s.serial,
      signedRevisionSha256: s.revisionSha256,
      baseSha256: s.baseSha256,
      // A hostile file can name any ByteRange or page: a value the request schema refuses would fail the
      // whole lookup (and with it every document in the same request), so such values are not sent.
      signedRevisionLength: Number.isSafeInteger(s.revisionEnd) && s.revisionEnd >= 0 && s.revisionEnd <= 2 ** 40 ? s.revisionEnd : null,
      page: s.page !== null && Number.isSafeInteger(s.page) && s.page >= 1 && s.page <= 1_000_000 ? s.page : null,
      rect: s.rect && s.rect.length === 4 && s.rect.every(Number.isFinite) ? s.rect : null,
    });
  }
  for (const serial of facts.serialMentions) if (isWellFormed(serial)) items.push({ serial });
  return items;
}

/** A stable key for an item: equal items are asked once per batch. */
export function lookupKey(item: TStampLookupItem): string {
  return JSON.stringify([item.serial, item.signedRevisionSha256 ?? null, item.baseSha256 ?? null, item.signedRevisionLength ?? null, item.page ?? null, item.rect ?? null]);
}

// Values the registry's hashes never take (they are lowercase hex), for a comparison the server answered "no" to.
const NOT_THIS_REVISION = "(registered to another signed revision)";
const NOT_THIS_DOCUMENT = "(registered to another document)";

/**
 * The registry view judgeDocument needs for one document, rebuilt from the lookup's answers. Each
 * registry field judgeDocument compares with the document's facts is set so the comparison comes out as
 * the server answered it: the registry's hash where it matched (the browser's own value), a value no hash
 * equals where it did not. `answerFor` gives the answer to an item lookupItemsOf produced for this document.
 * One limit: a serial named by two signatures of the same document is judged with one answer (the one
 * whose revision matched, if any), as the registry itself holds one row per serial.
 */
export function registryViewFromLookup(facts: TDocumentFacts, answerFor: (item: TStampLookupItem) => TStampLookupResult | undefined, isWellFormed: (serial: string) => boolean): TRegistryView {
  const stamps = new Map<string, TRegistryStamp>();
  for (const item of lookupItemsOf(facts, isWellFormed)) {
    const answer = answerFor(item);
    if (!answer || !answer.registered) continue;
    const known = stamps.get(item.serial);
    if (known && (known.signedRevisionSha256 !== NOT_THIS_REVISION || !answer.signedRevisionMatches)) continue;
    const fromOther = answer.signatureFromOtherDocument;
    stamps.set(item.serial, {
      serial: answer.serial,
      status: answer.status,
      revokedAt: answer.revokedAt ? new Date(answer.revokedAt) : null,
      revokedReason: answer.revokedReason,
      signedRevisionSha256: answer.signedRevisionMatches && item.signedRevisionSha256 ? item.signedRevisionSha256 : NOT_THIS_REVISION,
      // copiedOrTampered: a matching base hash, or else a matching revision length, means "this document" (TAMPERED).
      documentSha256: fromOther === false && item.baseSha256 ? item.baseSha256 : NOT_THIS_DOCUMENT,
      revisionLength: fromOther === null ? null : fromOther ? -1 : (item.signedRevisionLength ?? null),
      outputLength: null,
      page: answer.page,
      rect: [answer.rect[0], answer.rect[1], answer.rect[2], answer.rect[3]],
      affixedAt: new Date(answer.affixedAt),
    });
  }
  return { consulted: true, stamps };
}

/**
 * Ask the registry about every stamp of a batch: equal items once, LOOKUP_MAX_STAMPS per request.
 * Returns the answer lookup for registryViewFromLookup, or throws if the registry cannot be reached
 * (the caller then judges with { consulted: false }).
 */
export async function lookupStampsOverHttp(
  items: TStampLookupItem[],
  options: { url?: string; fetch?: typeof fetch } = {},
): Promise<(item: TStampLookupItem) => TStampLookupResult | undefined> {
  const doFetch = options.fetch ?? fetch;
  const unique = new Map<string, TStampLookupItem>();
  for (const item of items) unique.set(lookupKey(item), item);
  const keys = [...unique.keys()];
  const answers = new Map<string, TStampLookupResult>();
  for (let i = 0; i < keys.length; i += LOOKUP_MAX_STAMPS) {
    const chunk = keys.slice(i, i + LOOKUP_MAX_STAMPS);
    const response = await doFetch(options.url ?? "/api/v1/stamps/lookup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stamps: chunk.map((k) => unique.get(k)!) }),
    });
    if (!response.ok) throw new Error(`registry lookup answered ${response.status}`);
    const body = ZStampLookupAnswer.parse(await response.json());
    if (body.results.length !== chunk.length) throw new Error("registry lookup answered a different number of results");
    chunk.forEach((key, index) => answers.set(key, body.results[index]));
  }
  return (item) => answers.get(lookupKey(item));
}
