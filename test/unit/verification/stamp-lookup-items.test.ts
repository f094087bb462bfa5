// What the browser asks the registry about one document: a hostile file can name any ByteRange or page,
// and one item the request schema refuses would fail the whole lookup, taking the registry check away from
// every other document sent with it. Such values are left out of the item instead.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TDocumentFacts, TSignatureFacts } from "@/lib/verification/document-facts";
import { lookupItemsOf, ZStampLookupRequest } from "@/lib/verification/stamp-lookup";

const serial = "A1B2C3D4E5F6G7H8J9K0LM";

function signature(over: Partial<TSignatureFacts>): TSignatureFacts {
  return {
    serial, serialWellFormed: true, subFilter: "ETSI.CAdES.detached", signedAt: null, byteRange: [0, 10, 20, 30], revisionEnd: 50,
    byteRangeMatchesFile: true, endsAtRevisionBoundary: true, cmsReadable: true, digestMatches: true, signatureValid: true, signerIsPortal: true,
    signerSubject: null, problem: null, revisionSha256: "a".repeat(64), updateStart: 0, baseSha256: "b".repeat(64), page: 1, rect: [1, 2, 3, 4], ...over,
  };
}

function facts(signatures: TSignatureFacts[]): TDocumentFacts {
  return { kind: "READ", sha256: "c".repeat(64), sizeBytes: 100, revisionBoundaries: [50], xrefSections: 1, structureProblem: null, signatures, serialMentions: [], pageCount: 1, laterUpdates: [] };
}

describe("lookupItemsOf", () => {
  it("sends a sane signature's length and page as they are", () => {
    const [item] = lookupItemsOf(facts([signature({})]), () => true);
    assert.equal(item.signedRevisionLength, 50);
    assert.equal(item.page, 1);
    assert.doesNotThrow(() => ZStampLookupRequest.parse({ stamps: [item] }));
  });

  for (const [what, over] of [
    ["a fractional ByteRange end", { revisionEnd: 3.5 }],
    ["a negative ByteRange end", { revisionEnd: -9 }],
    ["a ByteRange end past 2^40", { revisionEnd: 1e15 }],
    ["page 0", { page: 0 }],
    ["a fractional page", { page: 1.5 }],
  ] as [string, Partial<TSignatureFacts>][]) {
    it(`leaves out ${what}, so the request stays one the registry accepts`, () => {
      const items = lookupItemsOf(facts([signature(over), signature({ serial: "Z9Y8X7W6V5U4T3S2R1Q0PN" })]), () => true);
      assert.equal(items.length, 2);
      assert.doesNotThrow(() => ZStampLookupRequest.parse({ stamps: items }));
      const key = "revisionEnd" in over ? "signedRevisionLength" : "page";
      assert.equal(items[0][key], null);
      assert.notEqual(items[1][key], null, "the other signature's value is still sent");
    });
  }
});
