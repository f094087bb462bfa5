// Several processes on one database (the server, the reconcile command, a second server): reservations
// stay exact, and a lock error (SQLITE_BUSY, a PostgreSQL deadlock) is retried, never surfaced.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import { checkQuotaConsistency, getQuotaBalance } from "@/lib/quota";
import { creditThroughOrder } from "./helpers";

const run = promisify(execFile);
const database = useTestDatabase();

describe(`quota reservations from several processes (${database.kind})`, () => {
  test("3 processes × 20 parallel reservations against a balance of 20: exactly 20 succeed, the rest are QUOTA_EXHAUSTED", async () => {
    const user = await makeUser();
    await creditThroughOrder(user, 20);
    const outputs = await Promise.all(
      [1, 2, 3].map(() =>
        run(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/integration/purchase/reserve-worker.ts", user.id, "20"], { env: process.env, timeout: 120_000 }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout.trim().split("\n").pop()!) as { ok: number; errors: string[] });
    assert.equal(results.reduce((n, r) => n + r.ok, 0), 20);
    const errors = results.flatMap((r) => r.errors);
    assert.equal(errors.length, 40);
    assert.deepEqual([...new Set(errors)], ["QUOTA_EXHAUSTED"]);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 20 });
    assert.equal((await checkQuotaConsistency({ userId: user.id })).ok, true);
  });
});
