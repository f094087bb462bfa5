import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { extractDocumentFacts, trustAnchorsFromPem, type TTrustAnchors } from "@/lib/verification/document-facts";
import { FactsPool } from "@/lib/verification/facts-pool";
import { judgeDocument, type TRegistryStamp, type TRegistryView } from "@/lib/verification/judge-document";
import { generateSerial } from "@/lib/pdf/serial";
import type { StampPdfResult } from "@/lib/pdf/stamp-pdf";
import { VERDICTS } from "@/lib/verification/verdicts";
import { verdictTexts } from "@/lib/verification/verdict-texts";
import { PDFDocument } from "pdf-lib";
import * as f from "./fixtures";

// The verdict engine against real stamped files altered with real tools. The registry view is built
// from the stamping result exactly as affixStamps records it (the integration tests use the database).

function registryOf(...results: StampPdfResult[]): Map<string, TRegistryStamp> {
  const map = new Map<string, TRegistryStamp>();
  for (const result of results) {
    let previous = result.originalSha256;
    result.revisions.forEach((r, i) => {
      const last = i === result.revisions.length - 1;
      map.set(r.serial, { serial: r.serial, status: "ACTIVE", revokedAt: null, revokedReason: null, signedRevisionSha256: r.signedRevisionSha256, documentSha256: previous, page: r.page, rect: r.rect, affixedAt: new Date(), revisionLength: last ? result.pdf.length : null, outputLength: result.pdf.length });
      previous = r.signedRevisionSha256;
    });
  }
  return map;
}

describe("verdict engine on real stamped files", () => {
  let pki: f.TTestPki;
  let anchors: TTrustAnchors;
  let stamped: StampPdfResult;
  let registry: TRegistryView;
  const judge = (bytes: Uint8Array, view: TRegistryView = registry) => judgeDocument(extractDocumentFacts(bytes, anchors), view);

  before(async () => {
    pki = f.makePki();
    anchors = trustAnchorsFromPem(pki.anchorsPem);
    stamped = await f.stamp(f.corpus("us_constitution.pdf"), pki.signer);
    registry = { consulted: true, stamps: registryOf(stamped) };
  });

  it("an untouched stamped PDF is VALID, twice in a row, with its serial, page and time", () => {
    for (let i = 0; i < 2; i++) {
      const v = judge(stamped.pdf);
      assert.equal(v.verdict, "VALID", v.reason.detail);
      assert.equal(v.stamps[0].stamp.serial, stamped.revisions[0].serial);
      assert.equal(v.stamps[0].stamp.page, 1);
      assert.ok(v.stamps[0].stamp.signedAt);
    }
  });

  it("one byte changed inside the signed range is TAMPERED", () => {
    const v = judge(f.flipByteInSignedRange(stamped.pdf, stamped.revisions[0].byteRange));
    assert.equal(v.verdict, "TAMPERED", v.reason.detail);
    assert.equal(v.reason.code, "DIGEST_MISMATCH");
  });

  it("a byte changed inside the stamp's own update is TAMPERED too", () => {
    const out = new Uint8Array(stamped.pdf);
    const at = stamped.revisions[0].byteRange[2] + 10;
    out[at] = out[at] === 0x20 ? 0x0a : 0x20;
    assert.equal(judge(out).verdict, "TAMPERED");
  });

  it("a later incremental update adding text is MODIFIED_AFTER_STAMP and names the page", () => {
    const modified = f.appendTextUpdate(stamped.pdf, 2);
    assert.deepEqual(Buffer.from(modified.subarray(0, stamped.pdf.length)), Buffer.from(stamped.pdf), "the stamped file is a prefix");
    const v = judge(modified);
    assert.equal(v.verdict, "MODIFIED_AFTER_STAMP", v.reason.detail);
    const s = v.stamps[0];
    assert.ok(s.verdict === "MODIFIED_AFTER_STAMP" && s.changedPages.includes(3), JSON.stringify(s));
  });

  it("re-saved by qpdf is RESAVED", () => {
    const v = judge(f.resaveWithQpdf(stamped.pdf));
    assert.equal(v.verdict, "RESAVED", v.reason.detail);
  });

  it("re-saved by pdf-lib is RESAVED", async () => {
    const v = judge(await f.resaveWithPdfLib(stamped.pdf));
    assert.equal(v.verdict, "RESAVED", v.reason.detail);
  });

  it("text edited, then the whole file rewritten: RESAVED, and neither reason nor advice calls it harmless", async () => {
    const document = await PDFDocument.load(stamped.pdf, { updateMetadata: false });
    document.getPage(0).drawText("Nilai: 100", { x: 60, y: 700, size: 14 });
    const v = judge(await document.save());
    assert.equal(v.verdict, "RESAVED", v.reason.detail);
    assert.match(v.reason.detail, /no longer proves this file's content/);
    for (const locale of ["id", "en"] as const) {
      const { meaning, advice } = verdictTexts(locale).RESAVED;
      assert.doesNotMatch(`${meaning} ${advice}`, /not a forgery|bukan pemalsuan/);
      assert.match(meaning, locale === "id" ? /tidak lagi membuktikan isi/ : /no longer proves this file's content/);
    }
  });

  it("the stamp's signature transplanted into another document is COPIED (elsewhere on the page, and at the same place)", async () => {
    for (const placement of [{ page: 1, x: 200, y: 300 }, { page: 1, x: 40, y: 40 }]) {
      const v = judge(await f.transplant(stamped, f.corpus("normal.pdf"), pki.signer, placement));
      assert.equal(v.verdict, "COPIED", v.reason.detail);
    }
  });

  it("a signature by another certificate with a plausible serial is UNKNOWN_SERIAL", async () => {
    const other = f.makePki("Look-alike e-Meterai");
    const forged = await f.stamp(f.corpus("normal.pdf"), other.signer);
    // Even if that serial were registered, the signer is not the portal.
    const v = judge(forged.pdf, { consulted: true, stamps: registryOf(forged) });
    assert.equal(v.verdict, "UNKNOWN_SERIAL", v.reason.detail);
    assert.equal(v.reason.code, "NOT_PORTAL_CERTIFICATE");
  });

  it("a portal signature whose serial the registry never issued is UNKNOWN_SERIAL", async () => {
    const unregistered = await f.stamp(f.corpus("normal.pdf"), pki.signer, [{ page: 1, x: 40, y: 40, serial: generateSerial() }]);
    const v = judge(unregistered.pdf);
    assert.equal(v.verdict, "UNKNOWN_SERIAL");
    assert.equal(v.reason.code, "NOT_REGISTERED");
  });

  it("a revoked serial is REVOKED with when and why", () => {
    const stamps = registryOf(stamped);
    const revokedAt = new Date("2026-01-02T03:04:05Z");
    stamps.set(stamped.revisions[0].serial, { ...stamps.get(stamped.revisions[0].serial)!, status: "REVOKED", revokedAt, revokedReason: "issued by mistake" });
    const v = judge(stamped.pdf, { consulted: true, stamps });
    assert.equal(v.verdict, "REVOKED");
    const s = v.stamps[0];
    assert.ok(s.verdict === "REVOKED" && s.revokedAt === revokedAt.toISOString() && s.revokedReason === "issued by mistake");
  });

  it("two stamps stay VALID; an update after the second makes both MODIFIED_AFTER_STAMP", async () => {
    const twice = await f.stamp(stamped.pdf, pki.signer, [{ page: 2, x: 300, y: 300 }]);
    const view: TRegistryView = { consulted: true, stamps: new Map([...registryOf(stamped), ...registryOf(twice)]) };
    const v = judge(twice.pdf, view);
    assert.equal(v.verdict, "VALID", JSON.stringify(v.stamps.map((s) => s.reason)));
    assert.equal(v.stamps.length, 2);
    const after = judge(f.appendTextUpdate(twice.pdf, 0), view);
    assert.deepEqual(after.stamps.map((s) => s.verdict), ["MODIFIED_AFTER_STAMP", "MODIFIED_AFTER_STAMP"]);
  });

  it("offline (no registry) an intact portal stamp is VALID and says the registry was not consulted", () => {
    const v = judge(stamped.pdf, { consulted: false });
    assert.equal(v.verdict, "VALID");
    assert.equal(v.reason.code, "VALID_OFFLINE");
    assert.equal(v.registryConsulted, false);
  });

  it("a corpus PDF with no stamp is NOT_STAMPED; one with someone else's signature too", () => {
    assert.equal(judge(f.corpus("normal.pdf")).verdict, "NOT_STAMPED");
    const v = judge(f.corpus("with_signature.pdf"));
    assert.equal(v.verdict, "NOT_STAMPED");
  });

  it("not a PDF, empty and encrypted files are UNREADABLE with the reason", () => {
    assert.equal(judge(new TextEncoder().encode("hello, not a pdf")).reason.code, "UNREADABLE_NOT_PDF");
    assert.equal(judge(new Uint8Array()).reason.code, "UNREADABLE_EMPTY");
    assert.equal(judge(f.corpus("encrypted_new.pdf")).reason.code, "UNREADABLE_ENCRYPTED");
  });

  it("every corpus file, and every truncation of a stamped file, gets a verdict from the closed set without throwing", () => {
    for (const name of readdirSync(f.CORPUS_DIR).filter((n) => n.endsWith(".pdf"))) {
      const v = judge(f.corpus(name));
      assert.ok((VERDICTS as readonly string[]).includes(v.verdict), name);
      assert.ok(["NOT_STAMPED", "UNREADABLE"].includes(v.verdict), `${name}: ${v.verdict}`);
    }
    for (const cut of [10, 1000, Math.floor(stamped.pdf.length / 2), stamped.pdf.length - 100, stamped.pdf.length - 1]) {
      const v = judge(stamped.pdf.subarray(0, cut));
      assert.ok((VERDICTS as readonly string[]).includes(v.verdict));
      assert.notEqual(v.verdict, "VALID", `truncated at ${cut}`);
    }
  });

  it("through the worker pool: the same verdicts, two clients at once, and the caller's bytes untouched", async () => {
    const pool = new FactsPool({ anchorsPem: pki.anchorsPem, size: 2 });
    try {
      const copy = new Uint8Array(stamped.pdf);
      const [a, b] = await Promise.all([pool.facts(copy), pool.facts(stamped.pdf)]);
      assert.equal(judgeDocument(a, registry).verdict, "VALID");
      assert.equal(judgeDocument(b, registry).verdict, "VALID");
      assert.equal(copy.byteLength, stamped.pdf.byteLength);
      const broken = await pool.facts(f.corpus(join("missing_xref_trailer_dict.pdf")));
      assert.ok(["NOT_STAMPED", "UNREADABLE"].includes(judgeDocument(broken, registry).verdict));
    } finally {
      await pool.close();
    }
  });
});
