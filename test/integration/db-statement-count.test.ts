import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { db } from "@/lib/db/client";
import { statementsSent } from "@/lib/db/statement-count";

const database = useTestDatabase();

describe(`statements sent to the database are counted (${database.kind})`, () => {
  test("each query and each write counts once, inside a transaction too (with its COMMIT)", async () => {
    await db().user.count(); // connects
    const before = statementsSent();
    await db().user.count();
    assert.equal(statementsSent() - before, 1);
    await db().$transaction(async (tx) => {
      await tx.user.count();
      await tx.user.findFirst({ where: { email: "nobody@example.com" } });
    });
    // The two queries and the COMMIT; the BEGIN is the driver's own call.
    assert.equal(statementsSent() - before, 4);
  });
});
