import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { db } from "@/lib/db/client";
import { logFlusherOf, newId, sqlTransaction, sqlWritesTogether, type TSqlTx } from "@/lib/db/driver";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { statementsSent } from "@/lib/db/statement-count";

const database = useTestDatabase();

describe(`hot transactions in plain SQL (lib/db/driver.ts, ${database.kind})`, () => {
  const insertUser = (tx: TSqlTx, id: string, email: string, at = new Date()) =>
    tx.run(`INSERT INTO "User" ("id", "email", "passwordHash", "name", "role", "createdAt") VALUES (?, ?, 'x', 'Driver Test', 'APPLICANT', ?)`, [id, email, at]);

  test("rows written in SQL read back through Prisma as Prisma writes them (ids, dates), and are counted", async () => {
    const at = new Date("2026-11-30T10:11:12.345Z");
    const id = newId();
    assert.match(id, /^c[0-9a-z]{24}$/);
    await sqlTransaction(db(), async () => undefined); // connects
    const before = statementsSent();
    await sqlTransaction(db(), async (tx) => {
      assert.equal(await insertUser(tx, id, "driver-1@example.com", at), 1);
    });
    assert.equal(statementsSent() - before, 3); // BEGIN, INSERT, COMMIT
    const user = await db().user.findUnique({ where: { id }, select: { createdAt: true } });
    assert.equal(user?.createdAt.toISOString(), at.toISOString());
    // Prisma's own comparison finds the row by the same instant: the stored text/timestamp is Prisma's format.
    assert.equal(await db().user.count({ where: { id, createdAt: at } }), 1);
    assert.equal(await db().user.count({ where: { id, createdAt: { lt: new Date(at.getTime() + 1) } } }), 1);
  });

  test("a throw rolls the whole transaction back", async () => {
    const id = newId();
    await assert.rejects(
      sqlTransaction(db(), async (tx) => {
        await insertUser(tx, id, "driver-2@example.com");
        throw new Error("refused");
      }),
      /refused/,
    );
    assert.equal(await db().user.count({ where: { id } }), 0);
  });

  test("a unique key's refusal is recognised as one, and nothing of the transaction stays", async () => {
    const first = newId();
    await sqlTransaction(db(), (tx) => insertUser(tx, first, "driver-3@example.com"));
    const second = newId();
    const error = await sqlTransaction(db(), async (tx) => {
      await insertUser(tx, second, "driver-4@example.com");
      await insertUser(tx, newId(), "driver-3@example.com");
    }).catch((e: unknown) => e);
    assert.ok(isUniqueViolation(error), `expected a unique violation, got ${String(error)}`);
    assert.equal(await db().user.count({ where: { id: second } }), 0);
  });

  test("runAll writes together and counts the rows each write changed: one statement on PostgreSQL; a unique refusal or a throw undoes all", async () => {
    const [a, b] = [newId(), newId()];
    const user = (id: string, email: string) => ({
      sql: `INSERT INTO "User" ("id", "email", "passwordHash", "name", "role", "createdAt") VALUES (?, ?, 'x', 'Driver Test', 'APPLICANT', ?)`,
      values: [id, email, new Date()],
    });
    const rename = (name: string, ...ids: string[]) => ({ sql: `UPDATE "User" SET "name" = ? WHERE "id" IN (${ids.map(() => "?").join(", ")})`, values: [name, ...ids] });
    await sqlTransaction(db(), (tx) => tx.runAll([user(a, "driver-all-1@example.com"), user(b, "driver-all-2@example.com")]));
    const before = statementsSent();
    const counts = await sqlTransaction(db(), (tx) => tx.runAll([rename("Satu", a), rename("Dua", b, newId()), rename("Tiga", newId())]));
    assert.deepEqual(counts, [1, 1, 0]);
    // BEGIN and COMMIT around one statement on PostgreSQL, or the three of them on SQLite.
    assert.equal(statementsSent() - before, database.kind === "postgresql" ? 3 : 5);
    const names = await db().user.findMany({ where: { id: { in: [a, b] } }, select: { name: true }, orderBy: { email: "asc" } });
    assert.deepEqual(names.map((u) => u.name), ["Satu", "Dua"]);

    const c = newId();
    const refused = await sqlTransaction(db(), (tx) => tx.runAll([rename("Empat", a), user(c, "driver-all-3@example.com"), user(newId(), "driver-all-1@example.com")])).catch((e: unknown) => e);
    assert.ok(isUniqueViolation(refused), `expected a unique violation, got ${String(refused)}`);
    await assert.rejects(
      sqlTransaction(db(), async (tx) => {
        await tx.runAll([rename("Lima", a), user(c, "driver-all-3@example.com")]);
        throw new Error("refused after the writes");
      }),
      /refused after the writes/,
    );
    assert.equal(await db().user.count({ where: { id: c } }), 0);
    assert.equal((await db().user.findUnique({ where: { id: a }, select: { name: true } }))?.name, "Satu");
  });

  test("writes together stand only if each required write changed a row: one statement on PostgreSQL; a refusal undoes all and says which", async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    const user = (id: string, email: string) => ({
      sql: `INSERT INTO "User" ("id", "email", "passwordHash", "name", "role", "createdAt") VALUES (?, ?, 'x', 'Driver Test', 'APPLICANT', ?)`,
      values: [id, email, new Date()],
    });
    const rename = (name: string, ...ids: string[]) => ({ sql: `UPDATE "User" SET "name" = ? WHERE "id" IN (${ids.map(() => "?").join(", ")})`, values: [name, ...ids] });
    const nameOf = async (id: string) => (await db().user.findUnique({ where: { id }, select: { name: true } }))?.name;
    await sqlWritesTogether(db(), [user(a, "driver-together-1@example.com")], [0]);
    const before = statementsSent();
    const accepted = await sqlWritesTogether(db(), [user(b, "driver-together-2@example.com"), rename("Satu", a), rename("Nol", newId())], [0, 1]);
    assert.deepEqual(accepted, { counts: [1, 1, 0], refused: false });
    // One statement on PostgreSQL (no BEGIN, no COMMIT); BEGIN, the three writes and COMMIT on SQLite.
    assert.equal(statementsSent() - before, database.kind === "postgresql" ? 1 : 5);
    assert.equal(await nameOf(b), "Driver Test");
    assert.equal(await nameOf(a), "Satu");

    // PostgreSQL: the pool hands out its most recently returned connection first, so the same server
    // process before and after shows the connection went back to the pool (not closed with its prepared statements).
    const backend = async () => (database.kind === "postgresql" ? (await sqlTransaction(db(), (tx) => tx.rows<{ pid: number }>("SELECT pg_backend_pid() AS pid")))[0].pid : 0);
    const backendBefore = await backend();
    // A required write that changed nothing: nothing is written, and the counts say which one.
    const refused = await sqlWritesTogether(db(), [user(c, "driver-together-3@example.com"), rename("Dua", a), rename("Tiga", newId())], [0, 2]);
    assert.deepEqual(refused, { counts: [1, 1, 0], refused: true });
    assert.equal(await backend(), backendBefore, "the connection of a refused statement is kept");
    assert.equal(await db().user.count({ where: { id: c } }), 0);
    assert.equal(await nameOf(a), "Satu");
    // Without a requirement, a write that changes nothing is no refusal.
    assert.deepEqual(await sqlWritesTogether(db(), [rename("Empat", newId())], []), { counts: [0], refused: false });

    // A failing write (a unique key) throws and undoes the others.
    const failed = await sqlWritesTogether(db(), [rename("Lima", a), user(c, "driver-together-1@example.com")], [0]).catch((e: unknown) => e);
    assert.ok(isUniqueViolation(failed), `expected a unique violation, got ${String(failed)}`);
    assert.equal(await backend(), backendBefore, "the connection of a statement refused for a unique key is kept");
    assert.equal(await nameOf(a), "Satu");
    // The connection works afterwards (PostgreSQL: nothing was left open on it).
    assert.deepEqual(await sqlWritesTogether(db(), [rename("Enam", a)], [0]), { counts: [1], refused: false });
    assert.equal(await nameOf(a), "Enam");
    if (database.kind === "postgresql") {
      // Another value that no type reads is not a refusal, even one that reads like the refusal's text.
      const cast = { sql: `UPDATE "User" SET "name" = 'Tujuh' WHERE "id" = ? AND CAST(? AS INTEGER) = 1`, values: [a, "portal: writes refused 0"] };
      const other = await sqlWritesTogether(db(), [cast], [0]).catch((e: unknown) => e);
      assert.equal((other as { code?: string }).code, "22P02", `expected the cast's own error, got ${String(other)}`);
      assert.equal(await nameOf(a), "Enam");
    }
  });

  test("a commit flushed by the next one does not wait for the disk; every other transaction does, also after a throw", async () => {
    const durability = async (tx: TSqlTx) =>
      tx.kind === "sqlite"
        ? String((await tx.rows<{ synchronous: number }>("PRAGMA synchronous"))[0].synchronous) // 1 NORMAL, 2 FULL
        : (await tx.rows<{ synchronous_commit: string }>("SHOW synchronous_commit"))[0].synchronous_commit;
    const waits = database.kind === "sqlite" ? "2" : await sqlTransaction(db(), durability); // PostgreSQL: the server's setting
    const lazy = database.kind === "sqlite" ? "1" : "off";
    assert.notEqual(waits, lazy);
    assert.equal(await sqlTransaction(db(), durability), waits);
    const id = newId();
    const inside = await sqlTransaction(db(), async (tx) => (await insertUser(tx, id, "driver-lazy@example.com"), durability(tx)), { flushedByNextCommit: true });
    assert.equal(inside, lazy);
    assert.equal(await db().user.count({ where: { id } }), 1, "committed and visible at once");
    assert.equal(await sqlTransaction(db(), durability), waits);
    assert.equal(await sqlTransaction(db(), durability, { flushedByNextCommit: true }), lazy, "again: the statements are cached");
    assert.equal(await sqlTransaction(db(), durability), waits);
    await assert.rejects(sqlTransaction(db(), async () => { throw new Error("refused"); }, { flushedByNextCommit: true }), /refused/);
    assert.equal(await sqlTransaction(db(), durability), waits);
    // Prisma's transactions run on the same connection (SQLite) or the same pool (PostgreSQL).
    const prismaSees = await db().$transaction(async (tx) =>
      database.kind === "sqlite"
        ? String((await tx.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous"))[0].synchronous)
        : (await tx.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit"))[0].synchronous_commit,
    );
    assert.equal(prismaSees, waits);
  });

  test("a commit flushed off the event loop resolves after the log's fsync, which commits waiting together share", async () => {
    const durability = async (tx: TSqlTx) =>
      tx.kind === "sqlite" ? String((await tx.rows<{ synchronous: number }>("PRAGMA synchronous"))[0].synchronous) : (await tx.rows<{ synchronous_commit: string }>("SHOW synchronous_commit"))[0].synchronous_commit;
    const waits = await sqlTransaction(db(), durability);
    const log = await logFlusherOf(db());
    if (database.kind === "postgresql") {
      // The server waits for its disk; the event loop never did: a plain commit.
      assert.equal(log, undefined);
      assert.equal(await sqlTransaction(db(), durability, { flushedOffTheEventLoop: true }), waits);
      return;
    }
    assert.ok(log, "the test database is in WAL mode, so its log is flushed off the event loop");
    const before = log.flushes;
    const id = newId();
    // Inside: the commit itself does not wait (NORMAL); the promise resolves only after the flush.
    assert.equal(await sqlTransaction(db(), async (tx) => (await insertUser(tx, id, "driver-flushed@example.com"), durability(tx)), { flushedOffTheEventLoop: true }), "1");
    assert.equal(log.flushes, before + 1);
    assert.equal(await sqlTransaction(db(), durability), waits, "the connection waits for the disk again after it");
    // Twenty at once, each resolved after a flush (how many they share depends on the disk's speed: the
    // unit test pins the sharing).
    const ids = Array.from({ length: 20 }, () => newId());
    const flushesBefore = log.flushes;
    await Promise.all(ids.map((id, i) => sqlTransaction(db(), (tx) => insertUser(tx, id, `flushed-${i}@example.com`), { flushedOffTheEventLoop: true })));
    assert.ok(log.flushes > flushesBefore);
    assert.equal(await db().user.count({ where: { id: { in: ids } } }), 20);
    // A refused transaction flushes nothing and leaves the connection waiting for the disk.
    const flushes = log.flushes;
    await assert.rejects(sqlTransaction(db(), async () => { throw new Error("refused"); }, { flushedOffTheEventLoop: true }), /refused/);
    assert.equal(log.flushes, flushes);
    assert.equal(await sqlTransaction(db(), durability), waits);
  });

  test("hot transactions and Prisma's interleave without mixing (many at once)", async () => {
    const ids = Array.from({ length: 20 }, () => newId());
    await Promise.all(
      ids.map((id, i) =>
        i % 2
          ? sqlTransaction(db(), (tx) => insertUser(tx, id, `mix-${i}@example.com`))
          : db().$transaction(async (tx) => {
              await tx.user.create({ data: { id, email: `mix-${i}@example.com`, passwordHash: "x", name: "Mix", role: "APPLICANT" } });
              await tx.user.count();
            }),
      ),
    );
    assert.equal(await db().user.count({ where: { id: { in: ids } } }), 20);
  });
});
