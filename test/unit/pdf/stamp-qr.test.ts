import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stampPdf } from "@/lib/pdf/stamp-pdf";
import { CORPUS_DIR, runTool, stampRequest, testSigner, VERIFY_BASE_URL } from "./helpers";

// The stamp's QR code, rendered by poppler and read by zbar (independent tools): it must give back the
// verification URL exactly, whatever segments the QR is built from (lib/pdf/stamp-appearance.ts).
describe("the stamp's QR code", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "stamp-qr-"))));
  after(async () => rm(dir, { recursive: true, force: true }));

  for (const base of [VERIFY_BASE_URL, "http://127.0.0.1:4151"]) {
    it(`reads back as the verification URL (${base})`, async () => {
      const request = stampRequest(1, 200, 300, 160);
      request.verifyUrl = `${base}/v/${request.serial}`;
      const { signer } = testSigner();
      const result = await stampPdf({ pdf: await readFile(join(CORPUS_DIR, "normal.pdf")), stamps: [request], signer, signedAt: new Date() });
      const pdfPath = join(dir, `${request.serial}.pdf`);
      await writeFile(pdfPath, result.pdf);
      const render = await runTool("pdftoppm", ["-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", pdfPath, join(dir, request.serial)]);
      assert.equal(render.code, 0, render.stderr);
      const read = await runTool("zbarimg", ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", join(dir, `${request.serial}.png`)]);
      assert.equal(read.code, 0, `zbarimg found no QR code: ${read.stderr}`);
      assert.deepEqual(read.stdout.trim().split("\n"), [request.verifyUrl]);
    });
  }
});
