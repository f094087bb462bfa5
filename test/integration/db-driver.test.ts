import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { db } from "@/lib/db/client";
import { newId, sqlTransaction, type TSqlTx } from "@/lib/db/driver";
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
