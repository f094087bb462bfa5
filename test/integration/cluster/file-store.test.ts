// Issue 13, item 2: files any node can serve. The S3 backend against a real S3-compatible server
// (s3rver, started here), a file stamped on one node read through another, retention, and a store
// that fails while affixing (503, no quota spent).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { startS3Server } from "@/scripts/cluster/start-s3-server";

// The object store must be configured before the portal's configuration is first read.
const s3 = await startS3Server();
Object.assign(process.env, s3.env);

const { useTestDatabase } = await import("@/test/helpers/test-database");
const { giveQuota, makeUser } = await import("@/test/helpers/factories");
const { closeWorkerPools } = await import("@/test/helpers/worker-pools");
const { onNode, onePagePdf } = await import("./cluster-helpers");
const { db } = await import("@/lib/db/client");
const { fileStore, getFile } = await import("@/lib/storage/file-store");
const { createDiskStore } = await import("@/lib/storage/disk-store");
const { affixStamps } = await import("@/lib/stamps/affix-stamps");
const { joinShared } = await import("@/lib/http/upload-memory");
const { purgeExpiredFiles } = await import("@/lib/stamps/purge-expired-files");
const { getQuotaBalance } = await import("@/lib/quota");

const database = useTestDatabase();
const scratch = mkdtempSync(path.join(os.tmpdir(), "emeterai-files-"));
let s3Closed = false;
after(async () => {
  await closeWorkerPools();
  if (!s3Closed) await s3.close();
  rmSync(scratch, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const details = { documentType: "Surat Pernyataan", documentNumber: "002/CL/2026", documentDate: "2026-09-06" };

describe(`stamped files in an S3-compatible store (${database.kind})`, () => {
  test("both backends keep, return and delete a file by its content address", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.7 test file");
    for (const store of [fileStore(), createDiskStore(path.join(scratch, "disk"))]) {
      assert.equal(await store.get(sha(bytes)), null, `${store.kind}: nothing yet`);
      await store.put(sha(bytes), bytes);
      assert.deepEqual(Buffer.from((await store.get(sha(bytes)))!), Buffer.from(bytes), `${store.kind}: same bytes back`);
      await store.delete(sha(bytes));
      assert.equal(await store.get(sha(bytes)), null, `${store.kind}: deleted`);
    }
    assert.equal(fileStore().kind, "s3");
    await fileStore().check();
  });

  test("a file stamped on one node is read, and replayed with the same bytes, through another; retention deletes it from the store", async () => {
    const user = await makeUser("APPLICANT");
    await giveQuota(user.id, 3);
    const input = await onePagePdf("Surat lamaran");
    writeFileSync(path.join(scratch, "in.pdf"), input);
    const nodeA = { DATABASE_URL: database.url, DATA_DIR: path.join(scratch, "node-a"), SIGNING_KEY_PASSPHRASE: process.env.SIGNING_KEY_PASSPHRASE!, ...s3.env };
    const made = await onNode(nodeA, ["affix", user.id, path.join(scratch, "in.pdf"), path.join(scratch, "out.pdf"), "files-key-1"]);
    const stampedOnA = readFileSync(path.join(scratch, "out.pdf"));

    // This process is the other node: its own DATA_DIR has no files at all.
    const job = await db().affixJob.findUniqueOrThrow({ where: { id: made.jobId }, select: { outputSha256: true } });
    assert.deepEqual(Buffer.from((await getFile(job.outputSha256!))!), stampedOnA, "the download through another node is the same file");
    const replay = await affixStamps({ userId: user.id, actor: { id: user.id, label: user.email }, pdf: input, placements: [{ page: 1, x: 400, y: 40 }], details: { documentType: "Surat Pernyataan", documentNumber: "001/CL/2026", documentDate: "2026-09-06" }, idempotencyKey: "files-key-1" });
    assert.equal(replay.replayed, true);
    assert.deepEqual(Buffer.from(replay.pdf), stampedOnA, "an idempotent replay through another node returns the same bytes");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });

    await db().affixJob.update({ where: { id: made.jobId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.equal(await purgeExpiredFiles(), 1);
    assert.equal(await getFile(job.outputSha256!), null, "retention deleted it from the object store");
  });

  test("a stamped file answered in the upload's shared memory (the affix API's path) is stored whole in the object store", async () => {
    const user = await makeUser("APPLICANT");
    await giveQuota(user.id, 1);
    const input = await onePagePdf("Surat lamaran");
    const upload = joinShared([input]);
    const made = await affixStamps({ userId: user.id, actor: { id: user.id, label: user.email }, pdf: upload, handOverPdf: true, placements: [{ page: 1, x: 400, y: 40 }], details, idempotencyKey: "files-key-shared" });
    assert.ok(made.pdf.buffer instanceof SharedArrayBuffer, "answered in the upload's block");
    const job = await db().affixJob.findUniqueOrThrow({ where: { id: made.jobId }, select: { outputSha256: true } });
    assert.equal(sha(made.pdf), job.outputSha256);
    assert.deepEqual(Buffer.from((await getFile(job.outputSha256!))!), Buffer.from(made.pdf), "the stored object is the answered file");
  });

  test("when the object store fails during affixing, the stamp is refused with a 503 and no quota is spent", async () => {
    const user = await makeUser("APPLICANT");
    await giveQuota(user.id, 2);
    await s3.close();
    s3Closed = true;
    await assert.rejects(
      affixStamps({ userId: user.id, actor: { id: user.id, label: user.email }, pdf: await onePagePdf("Surat gagal"), placements: [{ page: 1, x: 400, y: 40 }], details, idempotencyKey: "files-key-down" }),
      (error: { code?: string; status?: number; userMessage?: { id: string; en: string } }) => error.code === "STORAGE_FAILED" && error.status === 503 && /No quota was used/.test(error.userMessage!.en),
    );
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 }, "the reservation was released, nothing consumed");
    assert.equal(await db().stamp.count({ where: { userId: user.id } }), 0);
    await assert.rejects(fileStore().check(), /the object store \(FILE_STORE=s3\) is not usable/);
  });
});
