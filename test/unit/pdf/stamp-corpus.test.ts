import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inspectPdf } from "@/lib/pdf/inspect-pdf";
import { isPdfError, type PdfErrorCode } from "@/lib/pdf/pdf-error";
import { stampPdf } from "@/lib/pdf/stamp-pdf";
import { CORPUS_DIR, pdfsigVerdicts, pinkness, qpdfCheck, renderPage, stampRequest, testSigner } from "./helpers";

/** Files the portal must refuse, and why. Every other corpus file must be stamped. */
const EXPECTED_REFUSALS: Record<string, PdfErrorCode> = {
  "encrypted_new.pdf": "ENCRYPTED",
  "encrypted_old.pdf": "ENCRYPTED",
};

const STAMP_SIZE = 100;
const MAX_ADDED_BYTES = 40 * 1024;

describe("stamping every real-world corpus file", () => {
  let workDir: string;
  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "stamp-corpus-"));
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("stamps or refuses each file, and every stamped file passes qpdf, pdfsig and rendering", async () => {
    const files = (await readdir(CORPUS_DIR)).filter((name) => name.endsWith(".pdf")).sort();
    assert.ok(files.length > 40, "corpus is present");
    const { signer } = testSigner();
    const failures: string[] = [];
    // Two files at a time: the external tools are the slow part and the machine has 2 cores.
    for (let i = 0; i < files.length; i += 2) {
      await Promise.all(files.slice(i, i + 2).map((name) => checkOne(name).catch((error) => failures.push(`${name}: ${(error as Error).message}`))));
    }
    assert.deepEqual(failures, []);

    async function checkOne(name: string): Promise<void> {
      const original = await readFile(join(CORPUS_DIR, name));
      const stamp = stampRequest(1, 20, 20);
      let result;
      try {
        result = await stampPdf({ pdf: original, stamps: [stamp], signer, signedAt: new Date() });
      } catch (error) {
        if (!isPdfError(error)) throw error;
        assert.equal(error.code, EXPECTED_REFUSALS[name], `refused with ${error.code}: ${error.detail}`);
        return;
      }
      assert.equal(EXPECTED_REFUSALS[name], undefined, "should have been refused");
      const outPath = join(workDir, `out-${name}`);
      const inPath = join(CORPUS_DIR, name);
      await writeFile(outPath, result.pdf);

      // (c) incremental: the original is an exact prefix unless the file had to be repaired.
      if (!result.repaired) assert.ok(Buffer.from(result.pdf.subarray(0, original.length)).equals(original), "original is a prefix");
      // (e) size budget.
      assert.ok(result.pdf.length - original.length < MAX_ADDED_BYTES, `added ${result.pdf.length - original.length} bytes`);

      // (a) qpdf: clean, or only warnings the original already had.
      const [checkOut, checkIn] = await Promise.all([qpdfCheck(outPath), qpdfCheck(inPath)]);
      if (checkOut.code !== 0) {
        assert.equal(checkOut.code, 3, `qpdf exit ${checkOut.code}`);
        const fresh = [...checkOut.warnings].filter((warning) => !checkIn.warnings.has(warning));
        assert.deepEqual(fresh, [], "qpdf warnings not present in the original");
      }

      // (b) pdfsig: every signed signature valid, ours included.
      const verdicts = await pdfsigVerdicts(outPath);
      assert.ok(verdicts.length >= 1, "pdfsig lists the stamp");
      assert.deepEqual(verdicts.filter((v) => v !== "Signature is Valid."), [], "all signatures valid");

      // (d) the stamp is visible: the stamp area is pink in the render, and was not before.
      const inspected = await inspectPdf(result.pdf);
      assert.ok(inspected.ok, "output inspects");
      const pageHeight = inspected.pages[0].height;
      const [after, before] = await Promise.all([renderPage(outPath, 1), renderPage(inPath, 1)]);
      assert.ok(after, "stamped page renders");
      const box = { x: stamp.x, y: stamp.y, size: STAMP_SIZE, pageHeight };
      const stampedPink = pinkness(after, box);
      assert.ok(stampedPink > 25, `stamp area pinkness ${stampedPink.toFixed(1)}`);
      // Where the original is already red there (a flag, a photo), the absolute check above suffices.
      const originalPink = before ? pinkness(before, box) : 0;
      if (originalPink < 10) assert.ok(stampedPink > originalPink + 15, "pinker than the original");
    }
  });
});
