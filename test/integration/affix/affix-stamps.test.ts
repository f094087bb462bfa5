import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { giveQuota, makeUser } from "@/test/helpers/factories";
import { corpusFile, pdfsigValidations, qpdfCheck } from "@/test/helpers/pdf-tools";
import { affixStamps, reservationId } from "@/lib/stamps/affix-stamps";
import { releaseStaleAffixJobs } from "@/lib/stamps/release-stale-affix-jobs";
import { checkQuotaConsistency, consumeQuota, getQuotaBalance, reserveQuota } from "@/lib/quota";
import { env } from "@/lib/env";
import { isWellFormedSerial } from "@/lib/pdf/serial";
import { db } from "@/lib/db/client";
import { filesDir } from "@/lib/storage/file-store";
import { closeWorkerPools } from "@/test/helpers/worker-pools";
import { joinShared } from "@/lib/http/upload-memory";
import { requestFingerprint } from "@/lib/stamps/affix-request";

const database = useTestDatabase();
after(closeWorkerPools);

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const details = { documentType: "Surat Pernyataan", documentNumber: "001/SP/2026", documentDate: "2026-09-06" };
const bottomRight = [{ page: 1, x: 400, y: 40 }];

async function applicantWithQuota(units: number) {
  const user = await makeUser("APPLICANT");
  await giveQuota(user.id, units);
  return { ...user, actor: { id: user.id, label: user.email } };
}

describe(`affixing exactly once (${database.kind})`, () => {
  test("a stamped corpus PDF is valid for pdfsig and qpdf, keeps the original as a prefix, and is registered with its hashes", async () => {
    const user = await applicantWithQuota(5);
    const input = corpusFile("normal.pdf");
    const result = await affixStamps({ userId: user.id, actor: user.actor, pdf: input, fileName: "normal.pdf", placements: bottomRight, details, idempotencyKey: "key-valid-0001" });
    assert.equal(result.serials.length, 1);
    assert.ok(isWellFormedSerial(result.serials[0]));
    assert.deepEqual(Buffer.from(result.pdf.subarray(0, input.byteLength)), Buffer.from(input));
    assert.deepEqual(pdfsigValidations(result.pdf), ["Signature is Valid."]);
    assert.ok(qpdfCheck(result.pdf).ok || qpdfCheck(input).ok === false);
    assert.ok(Buffer.from(result.pdf).includes(Buffer.from(`e-Meterai [${result.serials[0]}]`)), "the serial is in the signature's Reason, in brackets");

    const stamp = await db().stamp.findUniqueOrThrow({ where: { serial: result.serials[0] } });
    assert.equal(stamp.userId, user.id);
    assert.equal(stamp.page, 1);
    assert.equal(stamp.documentSha256, sha(input));
    assert.equal(stamp.signedRevisionSha256, sha(result.pdf));
    assert.equal(stamp.status, "ACTIVE");
    assert.equal(stamp.documentNumber, "001/SP/2026");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 4, reserved: 0 });
  });

  test("several placements are several stamps, each a valid signature, each consuming one unit", async () => {
    const user = await applicantWithQuota(5);
    const input = corpusFile("with_update_sections.pdf");
    const result = await affixStamps({ userId: user.id, actor: user.actor, pdf: input, placements: [{ page: 1, x: 40, y: 40 }, { page: 1, x: 200, y: 40 }], details, idempotencyKey: "key-two-stamps" });
    assert.equal(result.serials.length, 2);
    assert.deepEqual(pdfsigValidations(result.pdf), ["Signature is Valid.", "Signature is Valid."]);
    const stamps = await db().stamp.findMany({ where: { affixJobId: result.jobId }, orderBy: { sequence: "asc" } });
    assert.equal(stamps[0].documentSha256, sha(input));
    assert.equal(stamps[1].documentSha256, stamps[0].signedRevisionSha256, "the second stamp is applied on the first stamp's revision");
    assert.equal(stamps[1].signedRevisionSha256, sha(result.pdf));
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });
  });

  test("a retry with the same key returns the same file and serial and consumes nothing more", async () => {
    const user = await applicantWithQuota(3);
    const request = { userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: "key-retry-0001" };
    const first = await affixStamps(request);
    const second = await affixStamps({ ...request, pdf: corpusFile("normal.pdf") });
    assert.equal(second.replayed, true);
    assert.deepEqual(second.serials, first.serials);
    assert.equal(sha(second.pdf), sha(first.pdf));
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("identical requests arriving together make one job and one stamp", async () => {
    const user = await applicantWithQuota(3);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: "key-parallel-01" }).catch((e) => e)),
    );
    // In one process the later ones wait for the first and get its answer, never AFFIX_IN_PROGRESS.
    assert.deepEqual(results.map((r) => r.code ?? "ok"), ["ok", "ok", "ok", "ok", "ok"]);
    assert.deepEqual(results.map((r) => r.replayed), [false, true, true, true, true]);
    assert.equal(new Set(results.map((r) => r.serials[0])).size, 1);
    assert.equal(new Set(results.map((r) => sha(r.pdf))).size, 1);
    assert.equal(await db().stamp.count({ where: { userId: user.id } }), 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("reusing a key for another document is refused and changes nothing", async () => {
    const user = await applicantWithQuota(3);
    await affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: "key-reused-001" });
    const error = await affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("with_update_sections.pdf"), placements: bottomRight, details, idempotencyKey: "key-reused-001" }).catch((e) => e);
    assert.equal(error.code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(error.status, 409);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("the job records the request's fingerprint, from the worker's hash of the file", async () => {
    const user = await applicantWithQuota(1);
    const input = corpusFile("with_update_sections.pdf");
    const result = await affixStamps({ userId: user.id, actor: user.actor, pdf: joinShared([input]), handOverPdf: true, placements: bottomRight, details, idempotencyKey: "key-fingerprint1" });
    const job = await db().affixJob.findUniqueOrThrow({ where: { id: result.jobId } });
    assert.equal(job.inputSha256, sha(input));
    assert.equal(job.requestSha256, requestFingerprint(sha(input), bottomRight, details));
  });

  test("a key whose attempt failed stays bound to its file, also for a file handed over in shared memory", async () => {
    const user = await applicantWithQuota(2);
    const refused = corpusFile("encrypted_new.pdf");
    const error = await affixStamps({ userId: user.id, actor: user.actor, pdf: joinShared([refused]), handOverPdf: true, placements: bottomRight, details, idempotencyKey: "key-bound-after-failure" }).catch((e) => e);
    assert.equal(error.code, "PDF_ENCRYPTED");
    const job = await db().affixJob.findFirstOrThrow({ where: { userId: user.id } });
    assert.equal(job.requestSha256, requestFingerprint(sha(refused), bottomRight, details));
    const reused = await affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: "key-bound-after-failure" }).catch((e) => e);
    assert.equal(reused.code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(await db().stamp.count({ where: { userId: user.id } }), 0);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("a key reused for another document while the first is still being stamped is refused once it is done", async () => {
    const user = await applicantWithQuota(3);
    const names = ["normal.pdf", "with_update_sections.pdf"];
    const results = await Promise.all(
      names.map((name) =>
        affixStamps({ userId: user.id, actor: user.actor, pdf: joinShared([corpusFile(name)]), handOverPdf: true, placements: bottomRight, details, idempotencyKey: "key-reused-racing" }).catch((e) => e),
      ),
    );
    // The first call takes the key in this process before its job is written, so it is the one that
    // stamps, whichever database commits first (on PostgreSQL the second could, and was told AFFIX_IN_PROGRESS).
    const [first, second] = results;
    assert.equal(first.serials?.length, 1, `the first request stamps: ${first.code ?? ""}`);
    assert.equal(second.code, "IDEMPOTENCY_KEY_REUSED");
    const stamps = await db().stamp.findMany({ where: { userId: user.id } });
    assert.equal(stamps.length, 1);
    assert.equal(stamps[0].documentSha256, sha(corpusFile(names[0])), "the stamp is of the first file");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("identical requests arriving together for a refused file: each is refused for the file, none is told to wait", async () => {
    const user = await applicantWithQuota(2);
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        affixStamps({ userId: user.id, actor: user.actor, pdf: joinShared([corpusFile("encrypted_new.pdf")]), handOverPdf: true, placements: bottomRight, details, idempotencyKey: "key-parallel-refused" }).catch((e) => e),
      ),
    );
    assert.deepEqual(results.map((r) => r.code), ["PDF_ENCRYPTED", "PDF_ENCRYPTED", "PDF_ENCRYPTED"]);
    // The later ones ask the database after the first failed: each is a new attempt of the same job.
    const job = await db().affixJob.findFirstOrThrow({ where: { userId: user.id } });
    assert.equal(job.status, "RELEASED");
    assert.equal(job.attempt, 3);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("a refused file (encrypted) releases the reservation: no quota is lost", async () => {
    const user = await applicantWithQuota(2);
    const error = await affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("encrypted_new.pdf"), placements: bottomRight, details, idempotencyKey: "key-encrypted1" }).catch((e) => e);
    assert.equal(error.code, "PDF_ENCRYPTED");
    assert.equal(error.status, 422);
    assert.match(error.userMessage.id, /kata sandi|terenkripsi/i);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
    const job = await db().affixJob.findFirstOrThrow({ where: { userId: user.id } });
    assert.equal(job.status, "RELEASED");
    assert.equal(await db().stamp.count({ where: { userId: user.id } }), 0);
  });

  test("without enough quota nothing is reserved and no job is left behind", async () => {
    const user = await applicantWithQuota(1);
    const error = await affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: [{ page: 1, x: 40, y: 40 }, { page: 1, x: 200, y: 40 }], details, idempotencyKey: "key-no-quota1" }).catch((e) => e);
    assert.ok(error.status >= 400 && error.status < 500, `expected a 4xx, got ${error.status} ${error.code}`);
    assert.equal(error.code, "QUOTA_EXHAUSTED");
    assert.equal(await db().affixJob.count({ where: { userId: user.id } }), 0);
    assert.equal(await db().quotaEntry.count({ where: { userId: user.id, kind: "RESERVE" } }), 0, "the job's reservation entry went with it");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 0 });
  });

  test("a job whose process died is released by the sweeper, and a retry stamps it as a new attempt", async () => {
    const user = await applicantWithQuota(2);
    const pdf = corpusFile("normal.pdf");
    // What a crash after the reservation leaves behind: a RESERVED job with an expired lease and its reservation.
    const job = await db().$transaction(async (tx) => {
      const created = await tx.affixJob.create({
        data: { userId: user.id, idempotencyKey: "key-crashed-01", requestSha256: requestFingerprint(sha(pdf), bottomRight, details), units: 1, leaseExpiresAt: new Date(Date.now() - 1000), inputSha256: sha(pdf), ...details },
      });
      await reserveQuota({ tx, userId: user.id, affixJobId: reservationId(created.id, 1), units: 1 });
      return created;
    });
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 1 });
    assert.equal(await releaseStaleAffixJobs(), 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });

    const retry = await affixStamps({ userId: user.id, actor: user.actor, pdf, placements: bottomRight, details, idempotencyKey: "key-crashed-01" });
    assert.equal(retry.jobId, job.id);
    assert.deepEqual(pdfsigValidations(retry.pdf), ["Signature is Valid."]);
    assert.equal((await db().affixJob.findUniqueOrThrow({ where: { id: job.id } })).attempt, 2);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 0 });
    assert.equal((await checkQuotaConsistency({ userId: user.id })).ok, true);
  });

  test("a retry after a crash takes the job over with its reservation once the lease has ended", async () => {
    const user = await applicantWithQuota(1);
    const pdf = corpusFile("normal.pdf");
    await db().$transaction(async (tx) => {
      const created = await tx.affixJob.create({
        data: { userId: user.id, idempotencyKey: "key-takeover1", requestSha256: requestFingerprint(sha(pdf), bottomRight, details), units: 1, leaseExpiresAt: new Date(Date.now() - 1000), inputSha256: sha(pdf), ...details },
      });
      await reserveQuota({ tx, userId: user.id, affixJobId: reservationId(created.id, 1), units: 1 });
    });
    const result = await affixStamps({ userId: user.id, actor: user.actor, pdf, placements: bottomRight, details, idempotencyKey: "key-takeover1" });
    assert.equal(result.serials.length, 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 0 });
    const entries = await db().quotaEntry.findMany({ where: { userId: user.id }, select: { kind: true } });
    assert.deepEqual(entries.map((e) => e.kind).sort(), ["CONSUME", "CREDIT", "RESERVE"]);
  });

  test("an attempt whose job another took over and completed meanwhile is told AFFIX_IN_PROGRESS, and writes nothing", async () => {
    const user = await applicantWithQuota(1);
    const key = "key-lost-lease";
    // The attempt pauses after its reservation, as a stalled process would, while another completes its job.
    const failpoints = env().failpoints;
    failpoints.afterReserve = 1_000;
    try {
      const attempt = affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: key }).catch((e: unknown) => e);
      let job = null;
      for (let i = 0; i < 100 && !job; i++) {
        job = await db().affixJob.findFirst({ where: { userId: user.id, idempotencyKey: key }, select: { id: true } });
        if (!job) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(job, "the attempt reserved a job");
      // What the other process's attempt wrote: a takeover keeps the attempt, so it consumed the same reservation.
      await db().$transaction(async (tx) => {
        await tx.affixJob.update({ where: { id: job.id }, data: { status: "COMPLETED", leaseExpiresAt: null, completedAt: new Date() } });
        await consumeQuota({ tx, affixJobId: reservationId(job.id, 1) });
      });
      const error = (await attempt) as { code?: string };
      assert.equal(error.code, "AFFIX_IN_PROGRESS", String(error));
      assert.equal(await db().stamp.count({ where: { affixJobId: job.id } }), 0);
      assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 0 });
      const entries = await db().quotaEntry.findMany({ where: { userId: user.id }, select: { kind: true } });
      assert.deepEqual(entries.map((e) => e.kind).sort(), ["CONSUME", "CREDIT", "RESERVE"]);
      assert.equal((await db().auditEntry.count({ where: { action: "affix.complete", targetId: job.id } })), 0);
    } finally {
      delete failpoints.afterReserve;
    }
  });

  test("when the stamped file cannot be stored, the request fails with STORAGE_FAILED and the reservation is released", async () => {
    const user = await applicantWithQuota(2);
    const files = filesDir();
    const aside = `${files}.aside`;
    if (existsSync(files)) renameSync(files, aside);
    writeFileSync(files, "not a folder"); // the worker's mkdir under it fails (ENOTDIR), as a full or broken disk would
    try {
      await assert.rejects(
        affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: "key-storage-fails" }),
        (error: { code?: string; status?: number }) => error.code === "STORAGE_FAILED" && error.status === 503,
      );
    } finally {
      rmSync(files, { force: true });
      if (existsSync(aside)) renameSync(aside, files);
    }
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
    const job = await db().affixJob.findFirstOrThrow({ where: { userId: user.id, idempotencyKey: "key-storage-fails" } });
    assert.equal(job.status, "RELEASED");
    assert.equal(await db().stamp.count({ where: { affixJobId: job.id } }), 0);
    // The same key works once the disk is back.
    const retried = await affixStamps({ userId: user.id, actor: user.actor, pdf: corpusFile("normal.pdf"), placements: bottomRight, details, idempotencyKey: "key-storage-fails" });
    assert.equal(retried.serials.length, 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 0 });
  });

  test("the ledger stays consistent after all of the above", async () => {
    const report = await checkQuotaConsistency();
    assert.equal(report.ok, true, JSON.stringify(report));
  });
});
