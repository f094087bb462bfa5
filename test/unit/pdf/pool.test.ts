import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { after, describe, it } from "node:test";
import { PdfError } from "@/lib/pdf/pdf-error";
import { PdfPool } from "@/lib/stamps/pdf-pool";
import { CORPUS_DIR, stampRequest, testSigner } from "./helpers";

/** Assemble a classic-xref PDF from object bodies (object i+1 = bodies[i]). */
function buildPdf(bodies: Array<string | Buffer>): Buffer {
  const chunks: Buffer[] = [Buffer.from("%PDF-1.7\n")];
  let length = chunks[0].length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from("\nendobj\n")]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const rows = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("");
  chunks.push(Buffer.from(`xref\n0 ${bodies.length + 1}\n0000000000 65535 f\r\n${rows}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(chunks);
}

/** ~400 MB of zeros behind a 400 KB object stream, and a broken xref so pdf-lib's repair scan meets it. */
function decompressionBomb(): Buffer {
  const bomb = deflateSync(Buffer.alloc(400 * 1024 * 1024), { level: 9 });
  const pdf = Buffer.concat([
    buildPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 100000 /First 10 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`), bomb, Buffer.from("\nendstream")])]),
  ]);
  pdf.write("startxrex", pdf.lastIndexOf("startxref"), "latin1");
  return pdf;
}

describe("PDF worker pool", () => {
  const { pki } = testSigner();
  const pool = new PdfPool({ size: 2, taskTimeoutMs: 5000, maxOldGenerationSizeMb: 256, signer: { keyPem: pki.signingKeyPem, certChainPem: [pki.signingCertPem, pki.rootCertPem] } });
  after(() => pool.close());

  it("stores each stamped file (named by its hash) before answering; a storage failure is STORAGE_FAILED", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pool-store-"));
    // One store thread: the stores queue, and one waiting there is sent as a copy (lib/workers/pool.ts).
    const one = new PdfPool({ size: 1, storers: 1, taskTimeoutMs: 10_000, signer: { keyPem: pki.signingKeyPem, certChainPem: [pki.signingCertPem, pki.rootCertPem] } });
    try {
      const pdf = await readFile(join(CORPUS_DIR, "normal.pdf"));
      const results = await Promise.all(Array.from({ length: 4 }, () => one.stamp({ pdf: Buffer.from(pdf), stamps: [stampRequest()], signedAt: new Date(), storeIn: dir })));
      for (const result of results) {
        const sha256 = result.revisions[0].signedRevisionSha256;
        const stored = await readFile(join(dir, sha256.slice(0, 2), `${sha256}.pdf`));
        assert.equal(createHash("sha256").update(stored).digest("hex"), sha256, "the stored bytes are the answered file");
        assert.equal(createHash("sha256").update(result.pdf).digest("hex"), sha256, "the answer came back whole from the store thread");
      }
      // A folder that cannot be created: the task fails with STORAGE_FAILED and the worker goes on.
      await writeFile(join(dir, "blocked"), "a file, not a folder");
      await assert.rejects(one.stamp({ pdf: Buffer.from(pdf), stamps: [stampRequest()], signedAt: new Date(), storeIn: join(dir, "blocked") }), (error: { code?: string }) => error.code === "STORAGE_FAILED");
      assert.equal((await one.stamp({ pdf: Buffer.from(pdf), stamps: [stampRequest()], signedAt: new Date() })).revisions.length, 1);
      // A repaired file in shared memory is answered over its own bytes: when storing it then fails, the
      // error carries the input's hash, which the caller can no longer compute from the block.
      const damaged = await readFile(join(CORPUS_DIR, "missing_xref_trailer_dict.pdf"));
      const block = new SharedArrayBuffer(damaged.length * 4);
      new Uint8Array(block).set(damaged);
      const refused = await one.stamp({ pdf: new Uint8Array(block, 0, damaged.length), stamps: [stampRequest()], signedAt: new Date(), storeIn: join(dir, "blocked") }).then(
        () => ({ code: "stored", originalSha256: "" }),
        (error: { code?: string; originalSha256?: string }) => error,
      );
      assert.equal(refused.code, "STORAGE_FAILED");
      assert.equal(refused.originalSha256, createHash("sha256").update(damaged).digest("hex"));
      assert.ok(!Buffer.from(block, 0, damaged.length).equals(damaged), "the block holds the repaired answer now, not the input");
    } finally {
      await one.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stamps and inspects off the main thread", async () => {
    const pdf = await readFile(join(CORPUS_DIR, "normal.pdf"));
    // Each call transfers (detaches) its input buffer, so each gets its own copy.
    const [inspected, stamped] = await Promise.all([pool.inspect(Buffer.from(pdf)), pool.stamp({ pdf: Buffer.from(pdf), stamps: [stampRequest()], signedAt: new Date() })]);
    assert.ok(inspected.ok && inspected.pageCount === 2);
    assert.equal(stamped.revisions.length, 1);
    const signatures = await pool.readSignatures(stamped.pdf);
    assert.ok(signatures.signatures[0].signatureValid);
  });

  it("reads a PDF in shared memory in place and answers in the same block when the stamped file fits, else transfers it (stored either way)", async () => {
    const pdf = await readFile(join(CORPUS_DIR, "normal.pdf"));
    const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    const dir = await mkdtemp(join(tmpdir(), "pool-shared-"));
    after(() => rm(dir, { recursive: true, force: true }));
    const stored = (hash: string) => readFile(join(dir, hash.slice(0, 2), `${hash}.pdf`));
    // A block with room for the stamp (as joinShared lends one: a power of two at least the upload's size).
    const roomy = new SharedArrayBuffer(pdf.length * 4);
    const input = new Uint8Array(roomy, 0, pdf.length);
    input.set(pdf);
    const inPlace = await pool.stamp({ pdf: input, stamps: [stampRequest()], signedAt: new Date(), storeIn: dir });
    assert.equal(inPlace.pdf.buffer, roomy, "the stamped file is in the caller's block");
    // The store thread read it there: the stored file is the answer.
    assert.ok((await stored(inPlace.revisions[0].signedRevisionSha256)).equals(inPlace.pdf));
    assert.ok(inPlace.pdf.byteLength > pdf.length);
    assert.equal(sha256(inPlace.pdf), inPlace.revisions[0].signedRevisionSha256, "the answer is the whole stamped file");
    assert.ok(Buffer.from(inPlace.pdf.subarray(0, pdf.length)).equals(pdf), "an incremental update: the original bytes come first");
    assert.ok((await pool.readSignatures(Buffer.from(inPlace.pdf))).signatures[0].signatureValid);

    // A block of exactly the upload's size: the stamped file does not fit, and comes back transferred.
    const tight = new SharedArrayBuffer(pdf.length);
    new Uint8Array(tight).set(pdf);
    const moved = await pool.stamp({ pdf: new Uint8Array(tight), stamps: [stampRequest()], signedAt: new Date(), storeIn: dir });
    assert.ok(moved.pdf.buffer instanceof ArrayBuffer);
    // Moved to the store thread and back: whole, and the stored file is the same.
    assert.equal(sha256(moved.pdf), moved.revisions[0].signedRevisionSha256);
    assert.ok((await stored(moved.revisions[0].signedRevisionSha256)).equals(moved.pdf));
    assert.ok(Buffer.from(tight).equals(pdf), "the caller's block is left as it was");
  });

  it("ends hostile files cleanly within the timeout while the event loop keeps ticking", async () => {
    const loop = buildPdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", "<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"]);
    const bombPdf = decompressionBomb();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    const outcomes = await Promise.all(
      [loop, bombPdf].map((pdf) =>
        pool.stamp({ pdf, stamps: [stampRequest()], signedAt: new Date() }).then(
          () => "stamped",
          (error) => (error instanceof PdfError ? error.code : `crash: ${String(error)}`),
        ),
      ),
    );
    clearInterval(ticker);
    const elapsed = Date.now() - started;
    for (const outcome of outcomes) assert.ok(["TOO_COMPLEX", "DAMAGED", "PAGE_OUT_OF_RANGE"].includes(outcome), outcome);
    assert.ok(elapsed < 8000, `took ${elapsed} ms`);
    // The main thread was free: roughly one tick per 10 ms elapsed.
    assert.ok(ticks > elapsed / 10 / 3, `${ticks} ticks in ${elapsed} ms`);
    // The pool still works after killing workers.
    const pdf = await readFile(join(CORPUS_DIR, "normal.pdf"));
    assert.ok((await pool.inspect(pdf)).ok);
  });
});
