// pdf.js (the viewer in Firefox and many web apps) is one of the independent readers a stamped file
// must satisfy: it opens the output and finds the signature widget exactly where it was placed.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { isPdfError } from "@/lib/pdf/pdf-error";
import { stampPdf } from "@/lib/pdf/stamp-pdf";
import { CORPUS_DIR, stampRequest, testSigner } from "./helpers";

const { signer } = testSigner();

test("pdf.js opens every stamped corpus file and sees the signature widget at the placed rectangle", async () => {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let opened = 0;
  for (const name of readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".pdf"))) {
    const input = new Uint8Array(readFileSync(join(CORPUS_DIR, name)));
    const stamp = stampRequest(1, 30, 30);
    let output: Uint8Array;
    try {
      output = (await stampPdf({ pdf: input, stamps: [stamp], signer, signedAt: new Date() })).pdf;
    } catch (error) {
      assert.ok(isPdfError(error), `${name}: refused without a PdfError`);
      continue;
    }
    const doc = await pdfjs.getDocument({ data: new Uint8Array(output), isEvalSupported: false, verbosity: 0 }).promise;
    const annotations = await (await doc.getPage(1)).getAnnotations();
    const widget = annotations.find((a: { fieldType?: string; fieldName?: string }) => a.fieldType === "Sig" && String(a.fieldName ?? "").includes(stamp.serial.slice(0, 6)))
      ?? annotations.find((a: { fieldType?: string }) => a.fieldType === "Sig");
    assert.ok(widget, `${name}: pdf.js finds no signature widget on page 1`);
    await doc.destroy();
    opened++;
  }
  assert.ok(opened >= 40, `expected most of the corpus to be stamped and opened, got ${opened}`);
});

test("pdf.js reads the widget rectangle where the stamp was placed (unrotated page)", async () => {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const input = new Uint8Array(readFileSync(join(CORPUS_DIR, "normal.pdf")));
  const output = (await stampPdf({ pdf: input, stamps: [stampRequest(1, 400, 40, 100)], signer, signedAt: new Date() })).pdf;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(output), isEvalSupported: false, verbosity: 0 }).promise;
  const widget = (await (await doc.getPage(1)).getAnnotations()).find((a: { fieldType?: string }) => a.fieldType === "Sig");
  assert.deepEqual(widget.rect.map((v: number) => Math.round(v)), [400, 40, 500, 140]);
  await doc.destroy();
});
