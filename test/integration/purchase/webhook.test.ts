// The webhook through its real route handler, fed by the simulator over real HTTP (a local server on
// 127.0.0.1 serving the route module) and by hand-made notifications in the gateway's format.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import * as webhookRoute from "@/app/api/v1/payments/notifications/[provider]/route";
import * as payRoute from "@/app/api/v1/payments/simulator/[orderId]/pay/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { reconcileOrders } from "@/lib/orders/reconcile-orders";
import { computeSignature } from "@/lib/payments/notification";
import { payWithSimulator } from "@/lib/orders/pay-with-simulator";
import { buildSimulatorNotification } from "@/lib/payments/simulator/simulate-payment";
import { checkQuotaConsistency, getQuotaBalance } from "@/lib/quota";
import { callRoute, orderStatus, serveWebhook } from "./helpers";

const database = useTestDatabase();
const gateway = await serveWebhook(webhookRoute);
process.env.PUBLIC_URL = gateway.url; // where the simulator sends its notifications
process.env.PAYMENT_PROVIDER = "simulator";
after(() => gateway.close());

async function newOrder(quantity = 3) {
  const user = await makeUser();
  const { order } = await createOrder({ userId: user.id, actor: { id: user.id, label: user.email }, quantity, idempotencyKey: `key-${randomUUID()}` });
  return { user, order };
}

const post = (body: string | object, provider = "simulator") => callRoute(webhookRoute.POST, { body, params: { provider } });

async function counts(orderId: string) {
  return {
    notifications: await db().paymentNotification.count({ where: { orderId } }),
    credits: await db().quotaEntry.count({ where: { orderId, kind: "CREDIT" } }),
    audits: await db().auditEntry.count({ where: { targetId: orderId } }),
  };
}

describe(`payment webhook (${database.kind})`, () => {
  test("the simulator's pay button: signed notification over HTTP → order CREDITED, quota arrives once", async () => {
    const { user, order } = await newOrder(3);
    assert.equal(order.status, "PENDING");
    assert.match(order.qrString ?? "", /^000201/);
    const before = gateway.received;
    const paid = await payWithSimulator({ orderId: order.id, viewer: { id: user.id, role: user.role } });
    assert.equal(paid.delivered, true);
    assert.equal(paid.webhookStatus, 200);
    assert.equal(paid.orderStatus, "CREDITED");
    assert.equal(gateway.received, before + 1, "the notification went over HTTP");
    assert.equal(await orderStatus(order.id), "CREDITED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });
    const actions = (await db().auditEntry.findMany({ where: { targetId: order.id }, orderBy: { seq: "asc" }, select: { action: true, actorLabel: true } })).map((a) => a.action);
    assert.deepEqual(actions, ["order.create", "order.paid", "order.credited"]);

    // Pressing pay again re-sends the same notification: a replay, nothing more is credited.
    const again = await payWithSimulator({ orderId: order.id, viewer: { id: user.id, role: user.role } });
    assert.equal(again.webhookStatus, 200, "a replay is acknowledged, never a 4xx the gateway would retry");
    assert.equal(again.delivered, true, "the webhook already had it");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });
    assert.equal((await counts(order.id)).credits, 1);
  });

  test("a replayed notification answers 200 with outcome REPLAY and changes nothing", async () => {
    const { user, order } = await newOrder(2);
    const body = await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: randomUUID(), transactionStatus: "settlement" });
    const first = await post(body);
    assert.equal(first.status, 200);
    assert.equal(first.json.outcome, "CREDITED");
    const snapshot = await counts(order.id);
    const replays = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    for (const r of replays) {
      assert.equal(r.status, 200);
      assert.equal(r.json.outcome, "REPLAY");
      assert.equal(r.json.received, true);
      assert.equal(r.json.error, undefined, "a replay is not an error");
    }
    assert.deepEqual(await counts(order.id), snapshot);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("the same settlement delivered many times at once credits exactly once", async () => {
    const { user, order } = await newOrder(4);
    const body = await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: randomUUID(), transactionStatus: "settlement" });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(results.filter((r) => r.json.outcome === "CREDITED").length, 1);
    assert.deepEqual(await getQuotaBalance(user.id), { available: 4, reserved: 0 });
    assert.equal((await counts(order.id)).credits, 1);
  });

  test("out of order: settlement after expiry still credits (audited as late)", async () => {
    const { user, order } = await newOrder(2);
    const expire = await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-exp", transactionStatus: "expire" }));
    assert.equal(expire.status, 200);
    assert.equal(expire.json.outcome, "EXPIRED");
    assert.equal(await orderStatus(order.id), "EXPIRED");
    const settle = await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-exp", transactionStatus: "settlement" }));
    assert.equal(settle.json.outcome, "CREDITED_LATE");
    assert.equal(await orderStatus(order.id), "CREDITED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
    const paidAudit = await db().auditEntry.findFirstOrThrow({ where: { targetId: order.id, action: "order.paid" }, select: { data: true } });
    assert.equal(JSON.parse(paidAudit.data).late, true);
    assert.equal(JSON.parse(paidAudit.data).from, "EXPIRED");
  });

  test("out of order: a duplicate settlement (another transaction id) credits nothing; a deny after settlement is ignored and audited", async () => {
    const { user, order } = await newOrder(1);
    await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-a", transactionStatus: "settlement" }));
    const dup = await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-b", transactionStatus: "settlement" }));
    assert.equal(dup.status, 200);
    assert.equal(dup.json.outcome, "DUPLICATE");
    const deny = await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-a", transactionStatus: "deny" }));
    assert.equal(deny.status, 200);
    assert.equal(deny.json.outcome, "IGNORED_AFTER_PAYMENT");
    assert.equal(await orderStatus(order.id), "CREDITED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 0 });
    assert.equal(await db().auditEntry.count({ where: { targetId: order.id, action: "payment.ignored_after_payment" } }), 1);
  });

  test("a deny for a pending order fails it; a later settlement still credits (the money was taken)", async () => {
    const { user, order } = await newOrder(2);
    const deny = await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-d", transactionStatus: "deny" }));
    assert.equal(deny.json.outcome, "FAILED");
    assert.equal(await orderStatus(order.id), "FAILED");
    const settle = await post(await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: "tx-d2", transactionStatus: "settlement" }));
    assert.equal(settle.json.outcome, "CREDITED_LATE");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("bad notifications get a 4xx with a reason and change nothing", async () => {
    const { user, order } = await newOrder(2);
    const good = await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: randomUUID(), transactionStatus: "settlement" });
    const before = await counts(order.id);
    const cases: [string, string | object, number, string, string?][] = [
      ["malformed JSON", '{"order_id": "x", ', 400, "MALFORMED_JSON"],
      ["a JSON array", "[1,2]", 400, "MALFORMED_JSON"],
      ["unsigned", { ...good, signature_key: undefined }, 401, "SIGNATURE_MISSING"],
      ["empty signature", { ...good, signature_key: "" }, 401, "SIGNATURE_MISSING"],
      ["forged (signed with another key)", { ...good, signature_key: computeSignature({ order_id: order.id, status_code: "200", gross_amount: good.gross_amount }, "not-the-server-key") }, 401, "INVALID_SIGNATURE"],
      ["a field changed after signing", { ...good, gross_amount: `${order.amount + 1}.00` }, 401, "INVALID_SIGNATURE"],
      ["missing fields", { signature_key: good.signature_key, order_id: order.id }, 400, "INVALID_NOTIFICATION"],
      ["unknown provider", good, 404, "UNKNOWN_PROVIDER", "paypal"],
    ];
    for (const [name, body, status, code, provider] of cases) {
      const r = await post(body, provider);
      assert.equal(r.status, status, `${name}: ${JSON.stringify(r.json)}`);
      assert.equal(r.json.error.code, code, name);
      assert.ok(r.json.error.message.length > 10, `${name} has a reason`);
    }

    // Correctly signed, but for an order that does not exist.
    const unknown = await buildSimulatorNotification({ orderId: "no-such-order", amount: order.amount, transactionId: randomUUID(), transactionStatus: "settlement" });
    const u = await post(unknown);
    assert.equal(u.status, 404);
    assert.equal(u.json.error.code, "UNKNOWN_ORDER");

    // Correctly signed, but for a different amount than the order's total.
    const cheaper = await buildSimulatorNotification({ orderId: order.id, amount: order.amount - 1000, transactionId: randomUUID(), transactionStatus: "settlement" });
    const m = await post(cheaper);
    assert.equal(m.status, 422);
    assert.equal(m.json.error.code, "AMOUNT_MISMATCH");
    assert.equal(m.json.error.details.expected, order.amount);

    // A signed settlement whose status_code says otherwise.
    const mixed: Record<string, string> = { ...good, transaction_status: "settlement", status_code: "201" };
    mixed.signature_key = (await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: good.transaction_id, transactionStatus: "pending" })).signature_key;
    const x = await post(mixed);
    assert.equal(x.status, 400);
    assert.equal(x.json.error.code, "INCONSISTENT_STATUS");

    assert.deepEqual(await counts(order.id), before);
    assert.equal(await orderStatus(order.id), "PENDING");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 0 });
  });

  test("the pay endpoint: owner only (404 for others), token or same-site session", async () => {
    const { user, order } = await newOrder(1);
    const other = await makeUser();
    const otherToken = await createApiToken({ userId: other.id, name: "t", actor: { id: null, label: "test" } });
    const r1 = await callRoute(payRoute.POST, { headers: { authorization: `Bearer ${otherToken.secret}` }, params: { orderId: order.id } });
    assert.equal(r1.status, 404);
    const anon = await callRoute(payRoute.POST, { params: { orderId: order.id } });
    assert.equal(anon.status, 401);
    assert.equal(await orderStatus(order.id), "PENDING");

    const token = await createApiToken({ userId: user.id, name: "t", actor: { id: null, label: "test" } });
    const r2 = await callRoute(payRoute.POST, { headers: { authorization: `Bearer ${token.secret}` }, params: { orderId: order.id } });
    assert.equal(r2.status, 200, JSON.stringify(r2.json));
    assert.equal(r2.json.orderStatus, "CREDITED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 1, reserved: 0 });
  });

  test("an expired order cannot be paid in the simulator", async () => {
    const { user, order } = await newOrder(1);
    await db().order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const e = await payWithSimulator({ orderId: order.id, viewer: { id: user.id, role: user.role } }).catch((x) => x);
    assert.equal(e.code, "ORDER_NOT_PAYABLE");
    assert.equal(e.status, 409);
  });

  test("a notification that never arrives: reconciliation asks the gateway and credits; unpaid orders past expiry expire", async () => {
    const { user, order } = await newOrder(2);
    // The gateway took the money, but its notification was lost on the way.
    const { writeSimTransaction } = await import("@/lib/payments/simulator/simulator-gateway");
    await writeSimTransaction({ orderId: order.id, transactionId: randomUUID(), transactionStatus: "settlement", grossAmount: order.amount, transactionTime: "2026-11-27 10:00:00" });
    const unpaid = await newOrder(1);
    await db().order.update({ where: { id: unpaid.order.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    const report = await reconcileOrders();
    assert.ok(report.credited >= 1);
    assert.ok(report.expired >= 1);
    assert.deepEqual(report.errors, []);
    assert.equal(await orderStatus(order.id), "CREDITED");
    assert.equal(await orderStatus(unpaid.order.id), "EXPIRED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
    // Running it again changes nothing.
    const again = await reconcileOrders();
    assert.equal(await db().quotaEntry.count({ where: { orderId: order.id, kind: "CREDIT" } }), 1);
    assert.equal(again.errors.length, 0);
    // After reconciliation no order is paid without quota.
    assert.equal(await db().order.count({ where: { status: "PAID" } }), 0);
    const credited = await db().order.findMany({ where: { status: "CREDITED" }, select: { id: true } });
    for (const o of credited) assert.equal(await db().quotaEntry.count({ where: { orderId: o.id, kind: "CREDIT" } }), 1);
    assert.equal((await checkQuotaConsistency()).ok, true);
  });
});
