import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inspectPdf } from "@/lib/pdf/inspect-pdf";
import { PdfError, pdfErrorMessages, PDF_ERROR_CODES } from "@/lib/pdf/pdf-error";
import { readSignatures } from "@/lib/pdf/read-signatures";
import { estimateStampedSize, stampPdf } from "@/lib/pdf/stamp-pdf";
import { measureCmsSignature } from "@/lib/pdf/cms";
import { CORPUS_DIR, pdfsigVerdicts, stampRequest, testSigner } from "./helpers";

const corpus = (name: string) => readFile(join(CORPUS_DIR, name));

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PdfError, `expected PdfError, got ${String(error)}`);
    return error.code;
  }
  assert.fail("expected a refusal");
}

describe("stampPdf", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "stamp-pdf-"))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it("puts two stamps on one document as two valid signatures, each revision a prefix of the next", async () => {
    const { signer } = testSigner();
    const original = await corpus("us_constitution.pdf");
    const result = await stampPdf({ pdf: original, stamps: [stampRequest(1, 20, 20), stampRequest(2, 300, 500, 80)], signer, signedAt: new Date() });
    assert.equal(result.revisions.length, 2);
    const [first, second] = result.revisions;
    assert.ok(first.endOffset < second.endOffset && second.endOffset === result.pdf.length);
    const path = join(dir, "two.pdf");
    await writeFile(path, result.pdf);
    assert.deepEqual(await pdfsigVerdicts(path), ["Signature is Valid.", "Signature is Valid."]);
    const found = readSignatures(result.pdf);
    assert.equal(found.signatures.length, 2);
    for (const signature of found.signatures) {
      assert.ok(signature.byteRangeMatchesFile && signature.digestMatches && signature.signatureValid);
    }
    assert.deepEqual(found.signatures.map((s) => s.serialFromReason), result.revisions.map((r) => r.serial));
    assert.deepEqual(found.revisions.map((r) => r.end).slice(-2), [first.endOffset, second.endOffset]);
    const { createHash } = await import("node:crypto");
    assert.equal(createHash("sha256").update(result.pdf.subarray(0, first.endOffset)).digest("hex"), first.signedRevisionSha256);
  });

  it("writes the updates into the input's own buffer after it when allowed and they fit, else into new memory", async () => {
    const { signer } = testSigner();
    const original = await corpus("us_constitution.pdf");
    const lent = (size: number) => {
      const input = new Uint8Array(new SharedArrayBuffer(size), 0, original.length);
      input.set(original);
      return input;
    };
    // Room for both updates after the input: the output is the buffer's first bytes, the input its prefix.
    const roomy = lent(original.length * 2);
    const inPlace = await stampPdf({ pdf: roomy, stamps: [stampRequest(1, 20, 20), stampRequest(2, 40, 40)], signer, signedAt: new Date(), writeAfterInput: true });
    assert.equal(inPlace.pdf.buffer, roomy.buffer);
    assert.equal(inPlace.pdf.byteOffset, 0);
    assert.ok(Buffer.from(inPlace.pdf.subarray(0, original.length)).equals(original), "the input is an exact prefix");
    const path = join(dir, "in-place.pdf");
    await writeFile(path, inPlace.pdf);
    assert.deepEqual(await pdfsigVerdicts(path), ["Signature is Valid.", "Signature is Valid."]);

    // No room after the input, or not allowed: new memory, and the input's buffer is left as it was.
    for (const [input, writeAfterInput] of [[lent(original.length + 100), true], [lent(original.length * 2), false]] as const) {
      const before = Buffer.from(input.buffer as SharedArrayBuffer).toString("hex");
      const result = await stampPdf({ pdf: input, stamps: [stampRequest()], signer, signedAt: new Date(), writeAfterInput });
      assert.ok(result.pdf.buffer instanceof ArrayBuffer);
      assert.ok(Buffer.from(result.pdf.subarray(0, original.length)).equals(original));
      assert.equal(Buffer.from(input.buffer as SharedArrayBuffer).toString("hex"), before);
    }
  });

  it("stamps an already stamped output again and keeps the first signature valid", async () => {
    const { signer } = testSigner();
    const once = await stampPdf({ pdf: await corpus("with_annots.pdf"), stamps: [stampRequest()], signer, signedAt: new Date() });
    const twice = await stampPdf({ pdf: once.pdf, stamps: [stampRequest(1, 200, 20)], signer, signedAt: new Date() });
    assert.ok(Buffer.from(twice.pdf.subarray(0, once.pdf.length)).equals(Buffer.from(once.pdf)));
    const path = join(dir, "twice.pdf");
    await writeFile(path, twice.pdf);
    assert.deepEqual(await pdfsigVerdicts(path), ["Signature is Valid.", "Signature is Valid."]);
    const inspected = await inspectPdf(twice.pdf);
    assert.ok(inspected.ok);
    assert.deepEqual(inspected.signatures.map((s) => s.coversWholeFile), [false, true]);
  });

  it("refuses bad input with a typed error, never a crash", async () => {
    const { signer } = testSigner();
    const normal = await corpus("normal.pdf");
    const stamp = (pdf: Uint8Array, s = stampRequest()) => stampPdf({ pdf, stamps: [s], signer, signedAt: new Date() });
    assert.equal(await refusal(stamp(new Uint8Array(0))), "EMPTY");
    assert.equal(await refusal(stamp(Buffer.from("<html>not a pdf</html>"))), "NOT_PDF");
    assert.equal(await refusal(stamp(randomBytes(50_000))), "NOT_PDF");
    assert.ok(["DAMAGED", "NOT_PDF"].includes(await refusal(stamp(Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(50_000)])))));
    assert.equal(await refusal(stamp(normal.subarray(0, 30_000))), "DAMAGED");
    assert.equal(await refusal(stamp(await corpus("encrypted_old.pdf"))), "ENCRYPTED");
    assert.equal(await refusal(stamp(normal, stampRequest(3))), "PAGE_OUT_OF_RANGE");
    assert.equal(await refusal(stamp(normal, stampRequest(1, 600, 20))), "PLACEMENT_OUT_OF_PAGE");
    assert.equal(await refusal(stamp(normal, { ...stampRequest(), serial: "NOTASERIAL" })), "INVALID_SERIAL");
  });

  it("refuses to repair a damaged file that carries a signature", async () => {
    const { signer } = testSigner();
    const signed = await stampPdf({ pdf: await corpus("normal.pdf"), stamps: [stampRequest()], signer, signedAt: new Date() });
    const broken = Buffer.from(signed.pdf);
    broken.write("startxrex", broken.lastIndexOf("startxref"), "latin1");
    assert.equal(await refusal(stampPdf({ pdf: broken, stamps: [stampRequest()], signer, signedAt: new Date() })), "DAMAGED_SIGNED");
  });

  it("repairs a broken cross-reference table by rebuilding it in the update, keeping every original byte", async () => {
    const { signer } = testSigner();
    // A clean file whose startxref is off, and whose table points every object 10 bytes too far.
    const clean = Buffer.from(await corpus("us_constitution.pdf"));
    const { PdfReader } = await import("@/lib/pdf/pdf-reader");
    const pageCount = new PdfReader(clean).walkPages({ limit: 1000 }).length;
    const broken = Buffer.from(clean.toString("latin1").replace(/(\d{10}) (\d{5}) n/g, (_, offset: string, generation: string) => `${String(Number(offset) + 10).padStart(10, "0")} ${generation} n`), "latin1");
    broken.write("startxref\n9", broken.lastIndexOf("startxref"), "latin1");
    assert.throws(() => new PdfReader(broken), /xref|object/);

    const result = await stampPdf({ pdf: broken, stamps: [stampRequest(1, 20, 20), stampRequest(2, 40, 40)], signer, signedAt: new Date() });
    assert.equal(result.repaired, true, "the applicant is told the file was repaired");
    assert.ok(Buffer.from(result.pdf.subarray(0, broken.length)).equals(broken), "the original bytes are an exact prefix");
    const path = join(dir, "rebuilt.pdf");
    await writeFile(path, result.pdf);
    assert.deepEqual(await pdfsigVerdicts(path), ["Signature is Valid.", "Signature is Valid."]);
    const reread = new PdfReader(result.pdf);
    assert.equal(reread.walkPages({ limit: 1000 }).length, pageCount, "every page is reachable through the rebuilt table");
    assert.equal(reread.sections.length, 2, "the second stamp's section chains to the rebuilt one, which has no /Prev into the broken table");
  });

  it("rebuilding skips stream data, where text can look like an object header", async () => {
    const { signer } = testSigner();
    const content = "BT /Helvetica 12 Tf 10 10 Td (Example: 1 0 obj << /Type /Catalog >>) Tj ET";
    const objects = [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>",
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ];
    let body = "%PDF-1.7\n";
    for (const [i, object] of objects.entries()) body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    // A table that points nowhere useful, and a wrong startxref.
    body += `xref\n0 5\n0000000000 65535 f\r\n${"0000000003 00000 n\r\n".repeat(4)}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n7\n%%EOF\n`;
    const damaged = Buffer.from(body, "latin1");
    const result = await stampPdf({ pdf: damaged, stamps: [stampRequest(1, 20, 20)], signer, signedAt: new Date() });
    assert.ok(result.repaired && Buffer.from(result.pdf.subarray(0, damaged.length)).equals(damaged), "rebuilt in the update, not rewritten");
    const { PdfReader } = await import("@/lib/pdf/pdf-reader");
    const reread = new PdfReader(result.pdf);
    assert.equal(reread.walkPages({ limit: 10 }).length, 1);
    const rebuilt = new PdfReader(damaged, { rebuildXref: true });
    assert.deepEqual(rebuilt.entryFor(1), { kind: "offset", offset: damaged.indexOf("1 0 obj"), generation: 0 }, "object 1 is the catalog, not the text in the page's content");
  });

  it("rewrites with pdf-lib when the table cannot be rebuilt by scanning (objects inside object streams)", async () => {
    const { signer } = testSigner();
    const { PDFDocument } = await import("pdf-lib");
    const document = await PDFDocument.create();
    document.addPage([300, 300]);
    const packed = Buffer.from(await document.save({ useObjectStreams: true }));
    packed.write("startxref\n1", packed.lastIndexOf("startxref"), "latin1");
    const result = await stampPdf({ pdf: packed, stamps: [stampRequest()], signer, signedAt: new Date() });
    assert.equal(result.repaired, true);
    assert.ok(!Buffer.from(result.pdf.subarray(0, packed.length)).equals(packed), "rewritten, not appended to");
    const path = join(dir, "rewritten.pdf");
    await writeFile(path, result.pdf);
    assert.deepEqual(await pdfsigVerdicts(path), ["Signature is Valid."]);
  });

  it("estimates the stamped size within a few hundred bytes", async () => {
    const { signer } = testSigner();
    const cmsBytes = measureCmsSignature(signer);
    for (const name of ["normal.pdf", "us_constitution.pdf", "create_document.pdf", "giraffe.pdf", "with_annots.pdf"]) {
      const original = await corpus(name);
      const inspected = await inspectPdf(original);
      assert.ok(inspected.ok);
      for (const count of [1, 3]) {
        const stamps = Array.from({ length: count }, () => stampRequest());
        const result = await stampPdf({ pdf: original, stamps, signer, signedAt: new Date() });
        const estimate = estimateStampedSize({ sizeBytes: original.length, stampCount: count, hasXrefStream: inspected.hasXrefStream, cmsBytes });
        assert.ok(Math.abs(estimate - result.pdf.length) <= 400 * count, `${name} ×${count}: estimate ${estimate}, real ${result.pdf.length}`);
      }
    }
  });

  it("has an English and an Indonesian message for every error code", () => {
    for (const code of PDF_ERROR_CODES) {
      assert.ok(pdfErrorMessages[code].en.length > 5 && pdfErrorMessages[code].id.length > 5);
    }
  });
});

describe("inspectPdf", () => {
  it("never throws and tells what is wrong", async () => {
    assert.deepEqual((await inspectPdf(new Uint8Array(0))).ok, false);
    const results = await Promise.all([Buffer.from("hello"), randomBytes(10_000), (await corpus("normal.pdf")).subarray(0, 1000)].map((b) => inspectPdf(b)));
    for (const result of results) assert.equal(result.ok, false);
    const encrypted = await inspectPdf(await corpus("encrypted_new.pdf"));
    assert.deepEqual(encrypted.ok ? undefined : encrypted.problem, "ENCRYPTED");
    const rotated = await inspectPdf(await corpus("with_rotated_image_button.pdf"));
    assert.ok(rotated.ok && rotated.pages[0].rotate === 90);
    const broken = await inspectPdf(await corpus("missing_xref_trailer_dict.pdf"));
    assert.ok(broken.ok && broken.needsRepair && broken.repairReason);
    const tooMany = await inspectPdf(await corpus("linearized_with_object_streams.pdf"), { maxPages: 100 });
    assert.deepEqual(tooMany.ok ? undefined : tooMany.problem, "TOO_MANY_PAGES");
  });
});
