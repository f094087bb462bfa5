import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import { db } from "@/lib/db/client";
import { checkQuotaConsistency, consumeQuota, getQuotaBalance, releaseQuota, reserveQuota } from "@/lib/quota";
import { creditThroughOrder } from "./helpers";

const database = useTestDatabase();

describe(`quota ledger (${database.kind})`, () => {
  test("50 parallel reservations against a balance of 20 give exactly 20 successes, never a negative balance", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 20);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 20, reserved: 0 });

    let lowest = Infinity;
    const watcher = setInterval(async () => {
      const a = await db().quotaAccount.findUnique({ where: { userId: user.id }, select: { available: true } }).catch(() => null);
      if (a) lowest = Math.min(lowest, a.available);
    }, 2);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserveQuota({ userId: user.id, affixJobId: randomUUID(), units: 1 })));
    clearInterval(watcher);

    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.equal(ok.length, 20);
    assert.equal(refused.length, 30);
    for (const r of refused) assert.equal(r.reason.code, "QUOTA_EXHAUSTED", `unexpected failure: ${r.reason?.message}`);
    assert.ok(lowest >= 0, `available went to ${lowest}`);

    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 20 });
    assert.equal(await db().quotaEntry.count({ where: { userId: user.id, kind: "RESERVE" } }), 20);
    const report = await checkQuotaConsistency({ userId: user.id });
    assert.equal(report.ok, true, JSON.stringify(report));
  });

  test("50 parallel reservations of 3 units against 20: six succeed, two units stay available", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 20);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserveQuota({ userId: user.id, affixJobId: randomUUID(), units: 3 })));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 6);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 18 });
    assert.equal((await checkQuotaConsistency({ userId: user.id })).ok, true);
  });

  test("reserve, consume and release are idempotent per affixJobId, also when called in parallel", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 5);
    const job = `job-${randomUUID()}:1`;
    const reserves = await Promise.all(Array.from({ length: 10 }, () => reserveQuota({ userId: user.id, affixJobId: job, units: 2 })));
    assert.equal(reserves.filter((r) => !r.replayed).length, 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 2 });

    const consumes = await Promise.all(Array.from({ length: 5 }, () => consumeQuota({ affixJobId: job })));
    assert.equal(consumes.filter((r) => !r.replayed).length, 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });

    // A job already consumed cannot be released (the stamp exists): refused, nothing changes.
    const released = await releaseQuota({ affixJobId: job, reason: "late failure" }).catch((e) => e);
    assert.equal(released.code, "RESERVATION_SETTLED");

    const failing = `job-${randomUUID()}:1`;
    await reserveQuota({ userId: user.id, affixJobId: failing, units: 3 });
    const releases = await Promise.all([releaseQuota({ affixJobId: failing, reason: "PDF_ENCRYPTED" }), releaseQuota({ affixJobId: failing, reason: "PDF_ENCRYPTED" })]);
    assert.equal(releases.filter((r) => !r.replayed).length, 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });
    const note = await db().quotaEntry.findFirstOrThrow({ where: { affixJobId: failing, kind: "RELEASE" }, select: { note: true } });
    assert.equal(note.note, "PDF_ENCRYPTED");
    assert.equal((await checkQuotaConsistency({ userId: user.id })).ok, true);
  });

  test("a consume racing a release of the same reservation: exactly one wins", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 5);
    for (let i = 0; i < 5; i++) {
      const job = `race-${randomUUID()}`;
      await reserveQuota({ userId: user.id, affixJobId: job, units: 1 });
      const [c, r] = await Promise.allSettled([consumeQuota({ affixJobId: job }), releaseQuota({ affixJobId: job, reason: "x" })]);
      assert.equal([c, r].filter((x) => x.status === "fulfilled").length, 1);
    }
    const report = await checkQuotaConsistency({ userId: user.id });
    assert.equal(report.ok, true, JSON.stringify(report));
    const b = await getQuotaBalance(user.id);
    assert.equal(b.reserved, 0);
  });

  test("works inside a caller's transaction: a failure after reserving rolls the reservation back", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 2);
    const job = `tx-${randomUUID()}`;
    await assert.rejects(
      db().$transaction(async (tx) => {
        await reserveQuota({ tx, userId: user.id, affixJobId: job, units: 2 });
        throw new Error("caller failed after reserving");
      }),
      /caller failed/,
    );
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
    await db().$transaction(async (tx) => {
      await reserveQuota({ tx, userId: user.id, affixJobId: job, units: 2 });
      await consumeQuota({ tx, affixJobId: job });
    });
    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 0 });
  });

  test("bad reservations are refused and change nothing", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 1);
    for (const units of [0, -1, 1.5]) {
      const e = await reserveQuota({ userId: user.id, affixJobId: randomUUID(), units }).catch((x) => x);
      assert.equal(e.code, "INVALID_INPUT", `units ${units}`);
    }
    const short = await reserveQuota({ userId: user.id, affixJobId: randomUUID(), units: 2 }).catch((x) => x);
    assert.equal(short.code, "QUOTA_EXHAUSTED");
    assert.equal(short.status, 402);
    const nobody = await reserveQuota({ userId: (await makeUser()).id, affixJobId: randomUUID(), units: 1 }).catch((x) => x);
    assert.equal(nobody.code, "QUOTA_EXHAUSTED");
    assert.equal((await consumeQuota({ affixJobId: "never-reserved" }).catch((x) => x)).code, "RESERVATION_NOT_FOUND");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 0 });
  });

  test("the consistency check notices an account that disagrees with the ledger", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 3);
    assert.equal((await checkQuotaConsistency({ userId: user.id })).ok, true);
    await db().quotaAccount.update({ where: { userId: user.id }, data: { available: { increment: 1 } } });
    const report = await checkQuotaConsistency({ userId: user.id });
    assert.equal(report.ok, false);
    assert.equal(report.mismatches[0]?.ledger.available, 3);
    assert.equal(report.mismatches[0]?.account?.available, 4);
    await db().quotaAccount.update({ where: { userId: user.id }, data: { available: { decrement: 1 } } });
  });
});
