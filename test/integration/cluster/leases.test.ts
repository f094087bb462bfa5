// Issue 13, item 3: background work once per cluster. Two schedulers (two lease keepers, as two nodes
// have) against one database: each tick exactly one of them works; when the holder dies, the other
// takes over once the lease has expired; a graceful release hands over at once.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { LeaseKeeper, runUnderLease } from "@/lib/leases/lease-keeper";
import { db } from "@/lib/db/client";

const database = useTestDatabase();

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe(`background work under leases (${database.kind})`, () => {
  test("two schedulers ticking together: every tick the work runs on exactly one node, always the same", async () => {
    const nodeA = new LeaseKeeper({ holder: "node-a" });
    const nodeB = new LeaseKeeper({ holder: "node-b" });
    const runs: string[] = [];
    for (let tick = 0; tick < 20; tick++) {
      const ran = await Promise.all([
        runUnderLease("probes", async () => runs.push("node-a"), nodeA),
        runUnderLease("probes", async () => runs.push("node-b"), nodeB),
      ]);
      assert.equal(ran.filter(Boolean).length, 1, `tick ${tick}: one node ran the work`);
    }
    assert.equal(runs.length, 20);
    assert.equal(new Set(runs).size, 1, "the same node kept the lease");
    // Each job has its own lease: the other node may hold another one.
    assert.equal(await db().lease.count({ where: { name: "probes" } }), 1);
    nodeA.abandon();
    nodeB.abandon();
  });

  test("when the holder dies the other node takes the work over after the lease expires, and a graceful release hands over at once", async () => {
    const ttlMs = 2_000;
    const nodeA = new LeaseKeeper({ holder: "node-a", ttlMs });
    const nodeB = new LeaseKeeper({ holder: "node-b", ttlMs });
    assert.equal(await nodeA.hold("reconcile"), true);
    assert.equal(await nodeB.hold("reconcile"), false);
    const diedAt = Date.now();
    nodeA.abandon(); // SIGKILL: no release, no more renewals
    assert.ok(await waitUntil(() => nodeB.hold("reconcile"), 15_000), "node B took the lease over");
    assert.ok(Date.now() - diedAt >= ttlMs - 500, "not before the dead holder's lease had expired");
    const row = await db().lease.findUniqueOrThrow({ where: { name: "reconcile" } });
    assert.equal(row.holder, "node-b");

    const nodeC = new LeaseKeeper({ holder: "node-c", ttlMs: 60_000 });
    assert.equal(await nodeC.hold("reconcile"), false);
    await nodeB.releaseAll();
    assert.equal(await nodeC.hold("reconcile"), true, "released on drain: taken over with no wait");
    nodeC.abandon();
  });
});
