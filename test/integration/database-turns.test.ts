// On SQLite every statement runs synchronously: lib/db.ts makes queued transactions start on a later
// event-loop turn, so a request waiting for I/O (the status page) is served between two transactions
// instead of after all of them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();

// Counts how often SQLite compiles each SQL text (installed before this file's first query).
const compiled = new Map<string, number>();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, sql: string) {
  compiled.set(sql, (compiled.get(sql) ?? 0) + 1);
  return prepare.call(this, sql);
} as typeof prepare;

describe(`database turns (${database.kind})`, () => {
  test("each SQL text is compiled once, and a kept statement runs with each call's own arguments", async (t) => {
    if (database.kind !== "sqlite") return t.skip("the statement cache is the SQLite adapter's");
    const { db } = await import("@/lib/db/client");
    for (let i = 0; i < 5; i++) await db().keyValue.create({ data: { key: `cache.${i}`, value: `value ${i}` } });
    compiled.clear();
    // Interleaved reads of the same statement with different arguments, inside and outside transactions.
    const reads = await Promise.all(
      [4, 0, 3, 1, 2, 9].map((i) => (i % 2 ? db().$transaction((tx) => tx.keyValue.findUnique({ where: { key: `cache.${i}` } })) : db().keyValue.findUnique({ where: { key: `cache.${i}` } }))),
    );
    assert.deepEqual(reads.map((r) => r?.value ?? null), ["value 4", "value 0", "value 3", "value 1", "value 2", null]);
    // Six reads, three of them in transactions (Prisma batches the others into one IN (…) query).
    assert.ok(compiled.size >= 3, `compiled: ${[...compiled.keys()].join(" | ")}`);
    for (const [sql, times] of compiled) assert.equal(times, 1, `compiled ${times} times: ${sql}`);
    // A failed statement leaves the kept one usable.
    await assert.rejects(db().keyValue.create({ data: { key: "cache.0", value: "duplicate" } }), { code: "P2002" });
    assert.equal((await db().keyValue.create({ data: { key: "cache.5", value: "value 5" } })).value, "value 5");
  });

  test("a second transaction waiting for the first starts only after other ready work has run", async (t) => {
    if (database.kind !== "sqlite") return t.skip("PostgreSQL statements are asynchronous I/O: nothing runs back to back");
    const { db } = await import("@/lib/db/client");
    const events: string[] = [];
    const run = (name: string) =>
      db().$transaction(async (tx) => {
        events.push(`${name} start`);
        await tx.keyValue.upsert({ where: { key: `turns.${name}` }, create: { key: `turns.${name}`, value: "1" }, update: { value: "2" } });
        events.push(`${name} end`);
      });
    await run("warm-up");
    events.length = 0;
    const both = Promise.all([run("a"), run("b")]);
    setImmediate(() => events.push("other work"));
    await both;
    assert.deepEqual(events, ["a start", "a end", "other work", "b start", "b end"]);
    assert.equal((await db().keyValue.count({ where: { key: { startsWith: "turns." } } })), 3);
  });
});
