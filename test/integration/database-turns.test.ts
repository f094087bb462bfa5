// On SQLite every statement runs synchronously: lib/db.ts makes queued transactions start on a later
// event-loop turn, so a request waiting for I/O (the status page) is served between two transactions
// instead of after all of them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();

describe(`database turns (${database.kind})`, () => {
  test("a second transaction waiting for the first starts only after other ready work has run", async (t) => {
    if (database.kind !== "sqlite") return t.skip("PostgreSQL statements are asynchronous I/O: nothing runs back to back");
    const { db } = await import("@/lib/db");
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
