// Hostile files that were once cheap to send and expensive to read (issue 17). Each must be answered
// quickly, with a clear refusal, inside a small memory budget, by every reader of untrusted PDFs in the
// portal: pre-flight (inspectPdf), stamping (stampPdf, whose repair path is pdf-lib), and verification.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspectPdf } from "@/lib/pdf/inspect-pdf";
import { PdfError } from "@/lib/pdf/pdf-error";
import { stampPdf } from "@/lib/pdf/stamp-pdf";
import { extractDocumentFacts, trustAnchorsFromPem } from "@/lib/verification/document-facts";
import { judgeDocument } from "@/lib/verification/judge-document";
import { doubleFlateObjectStream, hugeSignatureContents, hybridXrefBomb, indexBomb } from "@/test/helpers/hostile-pdfs";
import { stampRequest, testSigner } from "./helpers";

/** What one read of a file costs: the time, and how much the process grew (heap and buffers outside it). */
async function cost<T>(run: () => T | Promise<T>): Promise<{ result: T; ms: number; grownMb: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let peak = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
  }, 5);
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  peak = Math.max(peak, after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers);
  return { result, ms, grownMb: peak / 1048576 };
}

// The decompression budget of one file is 32 MiB (lib/pdf/pdf-reader.ts, lib/pdf/screen-for-repair.ts):
// together with the parser's own objects, no read may grow the process by more than this.
const MEMORY_BUDGET_MB = 96;
const TIME_BUDGET_MS = 5_000;

const files = [
  { name: "100 hybrid xref sections sharing one 63 MiB stream", build: () => hybridXrefBomb() },
  { name: "an xref stream claiming /Index [0 6 6 1999999994]", build: async () => indexBomb() },
  { name: "an object stream compressed twice, inflating to 512 MiB", build: () => doubleFlateObjectStream() },
];

describe("hostile files are refused quickly, within a memory budget", () => {
  const { signer, pki } = testSigner();
  const anchors = trustAnchorsFromPem(pki.rootCertPem);
  for (const file of files) {
    it(`${file.name}: pre-flight, stamping and verification`, async () => {
      const bytes = await file.build();
      assert.ok(bytes.length < 200_000, `${bytes.length} bytes on the wire`);

      // A clear answer either way: refused as damaged, or (the hybrid file: its objects can be found by
      // scanning) repaired without the broken table, as pre-flight announces and stamping then does.
      const inspected = await cost(() => inspectPdf(bytes));
      assert.ok(inspected.result.ok ? inspected.result.needsRepair : inspected.result.problem === "DAMAGED", JSON.stringify(inspected.result));

      const stamped = await cost(() => stampPdf({ pdf: bytes, stamps: [stampRequest()], signer, signedAt: new Date() }).then(() => "stamped", (error) => (error instanceof PdfError ? error.code : String(error))));
      assert.equal(stamped.result === "stamped", inspected.result.ok, `pre-flight and stamping agree (${stamped.result})`);
      if (stamped.result !== "stamped") assert.ok(["DAMAGED", "TOO_COMPLEX"].includes(stamped.result), stamped.result);

      const facts = await cost(() => extractDocumentFacts(bytes, anchors));
      assert.equal(facts.result.kind === "READ" ? facts.result.signatures.length : 0, 0);

      for (const [what, c] of [["pre-flight", inspected], ["stamping", stamped], ["verification", facts]] as const) {
        assert.ok(c.ms < TIME_BUDGET_MS, `${what} took ${c.ms.toFixed(0)} ms`);
        assert.ok(c.grownMb < MEMORY_BUDGET_MB, `${what} grew the process by ${c.grownMb.toFixed(0)} MB`);
      }
    });
  }
});

describe("a signature whose /Contents is 9 MiB", () => {
  it("is not read past the cap: the file gets a clear verdict quickly, within the memory budget", async () => {
    const { pki } = testSigner();
    const bytes = hugeSignatureContents();
    const facts = await cost(() => extractDocumentFacts(bytes, trustAnchorsFromPem(pki.rootCertPem)));
    assert.ok(facts.ms < TIME_BUDGET_MS, `verification took ${facts.ms.toFixed(0)} ms`);
    assert.ok(facts.grownMb < MEMORY_BUDGET_MB, `verification grew the process by ${facts.grownMb.toFixed(0)} MB`);
    assert.equal(facts.result.kind, "READ");
    if (facts.result.kind !== "READ") return;
    assert.equal(facts.result.signatures.length, 1);
    const [signature] = facts.result.signatures;
    assert.equal(signature.signatureValid, false);
    assert.match(signature.problem ?? "", /larger than/);
    const verdict = judgeDocument(facts.result, { consulted: false });
    assert.equal(verdict.verdict, "NOT_STAMPED");
    assert.match(verdict.reason.detail, /signature/);
  });
});
