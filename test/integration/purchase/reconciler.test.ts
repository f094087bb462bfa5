// The in-server schedule: startReconciler() runs reconcileOrders every RECONCILE_INTERVAL_SECONDS, once per process.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import { db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { startReconciler, stopReconciler } from "@/lib/orders/start-reconciler";
import { orderStatus } from "./helpers";

const database = useTestDatabase();
process.env.RECONCILE_INTERVAL_SECONDS = "1";

describe(`scheduled reconciliation (${database.kind})`, () => {
  test("an unpaid order past its expiry is expired by the schedule, with an audit entry", async () => {
    const user = await makeUser();
    const { order } = await createOrder({ userId: user.id, actor: { id: user.id, label: user.email }, quantity: 1, idempotencyKey: `k-${randomUUID()}` });
    await db().order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    startReconciler();
    startReconciler(); // a second call starts nothing more
    try {
      const deadline = Date.now() + 10_000;
      while ((await orderStatus(order.id)) !== "EXPIRED" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(await orderStatus(order.id), "EXPIRED");
      const audit = await db().auditEntry.findMany({ where: { targetId: order.id, action: "order.expired" }, select: { actorLabel: true } });
      assert.deepEqual(audit.map((a) => a.actorLabel), ["reconciler"]);
    } finally {
      stopReconciler();
    }
  });
});
