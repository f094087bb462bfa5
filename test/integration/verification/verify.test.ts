import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, describe, it } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { closeWorkerPools } from "@/test/helpers/worker-pools";
import { affixForTest as affix, makeUser } from "@/test/helpers/factories";
import { corpus, flipByteInSignedRange, zipOf } from "@/test/unit/verification/fixtures";

useTestDatabase();
after(closeWorkerPools);

// Stamps made through the portal's own affixing use case (affixForTest), then verified through the routes and use cases.
async function bearer(userId: string) {
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const token = await createApiToken({ userId, name: "test", actor: { id: null, label: "test" } });
  return `Bearer ${token.secret}`;
}

function multipart(files: { name: string; bytes: Uint8Array }[]) {
  const form = new FormData();
  for (const f of files) form.append("file", new File([Buffer.from(f.bytes)], f.name, { type: "application/pdf" }));
  return form;
}

describe("verification against the registry", () => {
  it("POST /api/v1/verify gives VALID / TAMPERED / NOT_STAMPED with reasons, twice and concurrently, recorded as the caller's batch", async () => {
    const applicant = await makeUser("APPLICANT");
    const verifier = await makeUser("VERIFIER");
    const stamped = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    const { POST } = await import("@/app/api/v1/verify/route");
    const { readSignatures } = await import("@/lib/pdf/read-signatures");
    const tampered = flipByteInSignedRange(stamped.pdf, readSignatures(stamped.pdf).signatures[0].byteRange);
    const auth = await bearer(verifier.id);
    const call = () => POST(new Request("http://x/api/v1/verify", { method: "POST", headers: { authorization: auth }, body: multipart([{ name: "ok.pdf", bytes: stamped.pdf }, { name: "bad.pdf", bytes: tampered }, { name: "plain.pdf", bytes: corpus("normal.pdf") }]) }));
    const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    // The later calls read their files into the memory the first one gave back (lib/http/upload-memory.ts): each answer is about its own bytes.
    for (const response of [await call(), ...(await Promise.all([call(), call()]))]) {
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.deepEqual(body.results.map((r: { verdict: string }) => r.verdict), ["VALID", "TAMPERED", "NOT_STAMPED"]);
      assert.equal(body.results[0].stamps[0].serial, stamped.serials[0]);
      assert.equal(body.results[0].stamps[0].page, 1);
      assert.deepEqual(body.results.map((r: { sha256: string }) => r.sha256), [stamped.pdf, tampered, corpus("normal.pdf")].map(sha256));
      assert.ok(!JSON.stringify(body).includes(applicant.email));
    }
    const { getVerificationBatch, listVerificationBatches } = await import("@/lib/verification/verification-batches");
    const { db } = await import("@/lib/db/client");
    const batches = await listVerificationBatches({ userId: verifier.id });
    assert.equal(batches.length, 3);
    // Each call's record, as the batch pages read it back: every file's verdict, hash and stamps, the summary, its times.
    for (const { id } of batches) {
      const batch = await getVerificationBatch({ userId: verifier.id, batchId: id });
      assert.equal(batch.source, "API");
      assert.equal(batch.status, "DONE");
      assert.equal(batch.doneCount, 3);
      assert.deepEqual(batch.summary, { VALID: 1, TAMPERED: 1, NOT_STAMPED: 1 });
      assert.ok(batch.finishedAt && Math.abs(Date.parse(batch.finishedAt) - Date.now()) < 60_000, `finishedAt ${batch.finishedAt}`);
      assert.deepEqual(batch.results.map((r) => [r.file, r.verdict, r.sha256]), [["bad.pdf", "TAMPERED", sha256(tampered)], ["ok.pdf", "VALID", sha256(stamped.pdf)], ["plain.pdf", "NOT_STAMPED", sha256(corpus("normal.pdf"))]]);
      assert.equal(batch.results[1].stamps[0].serial, stamped.serials[0]);
      assert.equal(await db().auditEntry.count({ where: { action: "verify.batch.api", targetId: id, actorId: verifier.id } }), 1);
    }
    assert.equal((await listVerificationBatches({ userId: applicant.id })).length, 0);
    // Applicants may not use the bulk API.
    const denied = await POST(new Request("http://x/api/v1/verify", { method: "POST", headers: { authorization: await bearer(applicant.id) }, body: multipart([{ name: "ok.pdf", bytes: stamped.pdf }]) }));
    assert.equal(denied.status, 403);
  });

  it("revocation by an operator is audited, shown with when and why, and the serial lookup says nothing personal", async () => {
    const applicant = await makeUser("APPLICANT");
    const operator = await makeUser("OPERATOR");
    const stamped = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    const { revokeStamp } = await import("@/lib/verification/revoke-stamp");
    const { verifyDocuments } = await import("@/lib/verification/verify-documents");
    const { GET } = await import("@/app/api/v1/stamps/[serial]/route");
    const { db } = await import("@/lib/db/client");
    const serial = stamped.serials[0];
    const lookup = (s: string) => GET(new Request(`http://x/api/v1/stamps/${s}`), { params: Promise.resolve({ serial: s }) });
    const before = await (await lookup(serial)).json();
    assert.deepEqual(Object.keys(before).sort(), ["affixedAt", "serial", "status"]);
    assert.equal(before.status, "ACTIVE");
    await revokeStamp({ serial, reason: "issued by mistake", actor: { id: operator.id, label: operator.email } });
    const [result] = await verifyDocuments({ files: [{ name: "x.pdf", bytes: stamped.pdf }] });
    assert.equal(result.verdict, "REVOKED");
    const [stamp] = result.stamps;
    assert.ok(stamp.verdict === "REVOKED", stamp.verdict);
    assert.equal(stamp.revokedReason, "issued by mistake");
    const after = await (await lookup(serial)).json();
    assert.equal(after.status, "REVOKED");
    assert.equal(after.revokedReason, "issued by mistake");
    const audit = await db().auditEntry.findFirst({ where: { action: "stamp.revoke", targetId: serial }, select: { actorLabel: true } });
    assert.equal(audit?.actorLabel, operator.email);
    await assert.rejects(revokeStamp({ serial, reason: "again please", actor: { id: operator.id, label: operator.email } }), /already revoked/);
    // 404 for a never-issued serial, 400 for a failing check character.
    const wrongCheck = serial.slice(0, 21) + (serial[21] === "0" ? "1" : "0");
    assert.equal((await lookup(wrongCheck)).status, 400);
    const { generateSerial } = await import("@/lib/pdf/serial");
    assert.equal((await lookup(generateSerial())).status, 404);
  });

  it("a ZIP batch runs in the background: unsafe entries are refused per entry, results belong to their owner only", async () => {
    const applicant = await makeUser("APPLICANT");
    const verifier = await makeUser("VERIFIER");
    const other = await makeUser("VERIFIER");
    const stamped = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    const zip = zipOf([
      { name: "good.pdf", bytes: stamped.pdf },
      { name: "../escape.pdf", bytes: stamped.pdf },
      { name: "inner.zip", bytes: zipOf([{ name: "a.pdf", bytes: stamped.pdf }]) },
      { name: "notes.txt", bytes: new TextEncoder().encode("hello") },
      { name: "bomb.pdf", bytes: new Uint8Array(50 * 1024 * 1024), deflate: true },
    ]);
    const { collectUploads } = await import("@/lib/verification/collect-uploads");
    const { startVerificationBatch, getVerificationBatch } = await import("@/lib/verification/verification-batches");
    const form = new FormData();
    form.append("file", new File([Buffer.from(zip)], "batch.zip", { type: "application/zip" }));
    const { readMultipart } = await import("@/lib/http/read-multipart");
    const uploaded = await readMultipart(new Request("http://portal.test/api/v1/verify/batches", { method: "POST", body: form }), 1024 * 1024 * 1024);
    const { entries } = await collectUploads(uploaded.files("file"), { maxFiles: 1000, maxBytes: 1024 * 1024 * 1024 }, { owner: `account:${verifier.id}` });
    const { batchId } = await startVerificationBatch({ userId: verifier.id, actor: { id: verifier.id, label: verifier.email }, source: "ZIP", entries });
    let batch = await getVerificationBatch({ userId: verifier.id, batchId });
    for (let i = 0; i < 100 && batch.status === "RUNNING"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      batch = await getVerificationBatch({ userId: verifier.id, batchId });
    }
    assert.equal(batch.status, "DONE");
    const byName = Object.fromEntries(batch.results.map((r) => [r.file.replace("batch.zip/", ""), `${r.verdict}:${r.reason.code}`]));
    assert.equal(byName["good.pdf"], "VALID:VALID");
    assert.equal(byName["../escape.pdf"], "UNREADABLE:ZIP_PATH_TRAVERSAL");
    assert.equal(byName["inner.zip"], "UNREADABLE:ZIP_NESTED_ARCHIVE");
    assert.equal(byName["notes.txt"], "UNREADABLE:ZIP_NOT_PDF");
    assert.equal(byName["bomb.pdf"], "UNREADABLE:ZIP_BOMB_RATIO");
    await assert.rejects(getVerificationBatch({ userId: other.id, batchId }), /NOT_FOUND/);
  });
  it("a 1 MB ZIP of a thousand 1 MiB entries of zeros stops at the archive's total ratio, without holding the batch in memory", async () => {
    const zip = zipOf(Array.from({ length: 1000 }, (_, i) => ({ name: `zeros-${i}.pdf`, bytes: new Uint8Array(1024 * 1024), deflate: true })));
    assert.ok(zip.byteLength < 2 * 1024 * 1024, `the archive is ${zip.byteLength} bytes`);
    const { collectUploads } = await import("@/lib/verification/collect-uploads");
    const buffersBefore = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - buffersBefore)), 5);
    const { entries } = await collectUploads([{ field: "file", filename: "bomb.zip", contentType: "application/zip", bytes: zip }], { maxFiles: 1000, maxBytes: 1024 * 1024 * 1024 }, { owner: "test" });
    clearInterval(watch);
    const refused = entries.filter((e) => "refused" in e && e.refused.code === "ZIP_BOMB_RATIO").length;
    // 100 × ~1 MB: about a hundred entries are inflated before the archive's ratio is exceeded; every later one is refused unread.
    assert.ok(refused >= 850, `${refused} entries refused for the ratio`);
    assert.ok(entries.every((e) => !("bytes" in e)), "inflated entries were handed to the workers, their bytes let go");
    assert.ok(peak < 200 * 1024 * 1024, `buffers grew by ${(peak / 1048576).toFixed(0)} MB`);
    await Promise.all(entries.map((e) => ("facts" in e ? e.facts : null)));
  });
});
