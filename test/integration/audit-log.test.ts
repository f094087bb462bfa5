import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { appendAudit } from "@/lib/audit/append-audit";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
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
    const newest = await db().auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    await db().auditEntry.delete({ where: { seq: newest.seq } });
    const report = await verifyAuditChain();
    assert.equal(!report.intact && report.problem, "TRUNCATED");
  });
});
