import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { appendAudit } from "@/lib/audit/append-audit";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { sequenceAuditEntries } from "@/lib/audit/sequence-audit";
import { hashAuditEntry } from "@/lib/audit/audit-hash";
import { db } from "@/lib/db/client";

const database = useTestDatabase();
const actor = { id: null, label: "test" };

async function appendMany(n: number) {
  for (let i = 0; i < n; i++) await db().$transaction((tx) => appendAudit(tx, { actor, action: "test.event", data: { i } }));
}

describe(`audit log hash chain (${database.kind})`, () => {
  test("concurrent appends keep one unbroken chain", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => db().$transaction((tx) => appendAudit(tx, { actor, action: "test.parallel", data: { i } }))));
    const report = await verifyAuditChain();
    assert.deepEqual(report, { intact: true, entries: 20 });
  });

  test("a backlog longer than one batch is linked batch by batch into one unbroken chain", async () => {
    const before = (await verifyAuditChain()).entries;
    await db().$transaction(async (tx) => {
      for (let i = 0; i < 1_203; i++) await appendAudit(tx, { actor, action: "test.backlog", data: { i } });
    }, { timeout: 60_000 });
    assert.equal(await sequenceAuditEntries(), 1_203);
    assert.equal(await sequenceAuditEntries(), 0, "nothing is left to link");
    assert.deepEqual(await verifyAuditChain(), { intact: true, entries: before + 1_203 });
  });

  test("an altered entry is detected at its position", async () => {
    await appendMany(3);
    const victim = await db().auditEntry.findFirstOrThrow({ where: { action: "test.parallel" }, orderBy: { seq: "asc" }, skip: 5 });
    await db().auditEntry.update({ where: { seq: victim.seq }, data: { data: JSON.stringify({ i: 999 }) } });
    const report = await verifyAuditChain();
    assert.equal(report.intact, false);
    assert.equal(!report.intact && report.problem, "ALTERED");
    assert.equal(!report.intact && report.brokenAtSeq, victim.seq);
    // put it back so the next case starts from an intact chain
    const original = await db().auditEntry.findFirstOrThrow({ where: { seq: victim.seq } });
    await db().auditEntry.update({ where: { seq: original.seq }, data: { data: JSON.stringify({ i: JSON.parse(victim.data).i }) } });
    assert.equal((await verifyAuditChain()).intact, true);
  });

  test("a deleted entry in the middle is detected", async () => {
    const middle = await db().auditEntry.findFirstOrThrow({ orderBy: { seq: "asc" }, skip: 10 });
    await db().auditEntry.delete({ where: { seq: middle.seq } });
    const report = await verifyAuditChain();
    assert.equal(!report.intact && report.problem, "LINK_BROKEN");
  });

  test("deleting the newest entries is detected through the recorded head", async () => {
    await db().auditEntry.deleteMany({});
    await db().keyValue.deleteMany({ where: { key: "audit.head" } });
    await appendMany(4);
    // Tamper evidence starts once the sequencer has linked an entry (about a second on a server).
    assert.equal(await sequenceAuditEntries(), 4);
    const newest = await db().auditEntry.findFirstOrThrow({ orderBy: { chainSeq: "desc" } });
    await db().auditEntry.delete({ where: { seq: newest.seq } });
    const report = await verifyAuditChain();
    assert.equal(!report.intact && report.problem, "TRUNCATED");
  });

  test("an entry inserted into the chain, with the positions after it renumbered and its own hash right, is detected", async () => {
    await db().auditEntry.deleteMany({});
    await db().keyValue.deleteMany({ where: { key: "audit.head" } });
    await appendMany(5);
    await sequenceAuditEntries();
    const third = await db().auditEntry.findFirstOrThrow({ where: { chainSeq: 3 } });
    const after = await db().auditEntry.findMany({ where: { chainSeq: { gt: 3 } }, orderBy: { chainSeq: "desc" } });
    for (const entry of after) await db().auditEntry.update({ where: { seq: entry.seq }, data: { chainSeq: entry.chainSeq! + 1 } });
    const forged = { at: new Date(), actorId: null, actorLabel: "intruder", action: "test.forged", targetType: null, targetId: null, data: "{}" };
    await db().auditEntry.create({ data: { ...forged, chainSeq: 4, prevHash: third.hash, hash: hashAuditEntry(third.hash!, forged) } });
    const report = await verifyAuditChain();
    assert.equal(!report.intact && report.problem, "LINK_BROKEN");
    assert.equal(!report.intact && report.brokenAtSeq, after.at(-1)!.seq, "the entry after the forged one no longer links");
  });

  test("appends do not wait for the chain: they commit while the sequencer's lock is held", { skip: database.kind !== "postgresql" && "the chain lock is PostgreSQL's" }, async () => {
    await db().auditEntry.deleteMany({});
    await db().keyValue.deleteMany({ where: { key: "audit.head" } });
    await db().$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7272001)");
        const appended = await Promise.race([
          db().$transaction((other) => appendAudit(other, { actor, action: "test.unblocked" })).then(() => "committed"),
          new Promise((resolve) => setTimeout(() => resolve("blocked"), 5_000)),
        ]);
        assert.equal(appended, "committed");
      },
      { timeout: 15_000 },
    );
    assert.equal((await verifyAuditChain()).intact, true);
  });
});
