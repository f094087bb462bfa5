import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import * as ordersRoute from "@/app/api/v1/orders/route";
import * as orderRoute from "@/app/api/v1/orders/[id]/route";
import * as quotaRoute from "@/app/api/v1/quota/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { decideRefund } from "@/lib/orders/decide-refund";
import { requestRefund } from "@/lib/orders/request-refund";
import { checkQuotaConsistency, getQuotaBalance, reserveQuota } from "@/lib/quota";
import { callRoute, creditThroughOrder, orderStatus } from "./helpers";

const database = useTestDatabase();
process.env.PAYMENT_PROVIDER = "simulator";
process.env.STAMP_PRICE = "10000";
process.env.SERVICE_FEE = "2500";
process.env.ORDER_MAX_QUANTITY = "100";

async function withToken(role: "APPLICANT" | "OPERATOR" = "APPLICANT") {
  const user = await makeUser(role);
  const token = await createApiToken({ userId: user.id, name: "test", actor: { id: null, label: "test" } });
  return { user, auth: { authorization: `Bearer ${token.secret}` } };
}

describe(`orders (${database.kind})`, () => {
  test("POST /api/v1/orders creates a PENDING order priced from the configuration, with a QRIS payload", async () => {
    const { auth } = await withToken();
    const r = await callRoute(ordersRoute.POST, { headers: { ...auth, "idempotency-key": `k-${randomUUID()}` }, body: { quantity: 3 } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.equal(r.json.status, "PENDING");
    assert.equal(r.json.amount, 3 * 12_500);
    assert.equal(r.json.unitPrice, 10_000);
    assert.equal(r.json.serviceFee, 2_500);
    assert.equal(r.json.payment.provider, "simulator");
    assert.match(r.json.payment.qrString, /^000201.*5405375005802ID.*6304[0-9A-F]{4}$/);
    const minutes = (Date.parse(r.json.payment.expiresAt) - Date.now()) / 60_000;
    assert.ok(minutes > 14 && minutes <= 15, `expires in ${minutes} minutes`);

    const got = await callRoute(orderRoute.GET, { method: "GET", headers: auth, params: { id: r.json.id } });
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, r.json);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: r.json.id }, select: { action: true } });
    assert.equal(audit.action, "order.create");
  });

  test("bad input: each a 4xx with a reason, and no order is created", async () => {
    const { user, auth } = await withToken();
    const key = () => ({ ...auth, "idempotency-key": `k-${randomUUID()}` });
    const cases: [string, Record<string, string>, string | object, number, string][] = [
      ["quantity 0", key(), { quantity: 0 }, 400, "INVALID_QUANTITY"],
      ["negative", key(), { quantity: -2 }, 400, "INVALID_QUANTITY"],
      ["fractional", key(), { quantity: 1.5 }, 400, "INVALID_QUANTITY"],
      ["huge", key(), { quantity: 1e12 }, 400, "INVALID_QUANTITY"],
      ["over the maximum", key(), { quantity: 101 }, 400, "INVALID_QUANTITY"],
      ["a string", key(), { quantity: "3" }, 400, "INVALID_QUANTITY"],
      ["missing", key(), {}, 400, "INVALID_INPUT"],
      ["malformed JSON", key(), '{"quantity": 3', 400, "MALFORMED_JSON"],
      ["no Idempotency-Key", auth, { quantity: 3 }, 400, "IDEMPOTENCY_KEY_REQUIRED"],
      ["a too short Idempotency-Key", { ...auth, "idempotency-key": "abc" }, { quantity: 3 }, 400, "IDEMPOTENCY_KEY_REQUIRED"],
      ["no token", { "idempotency-key": `k-${randomUUID()}` }, { quantity: 3 }, 401, "UNAUTHENTICATED"],
    ];
    for (const [name, headers, body, status, code] of cases) {
      const r = await callRoute(ordersRoute.POST, { headers, body });
      assert.equal(r.status, status, `${name}: ${JSON.stringify(r.json)}`);
      assert.equal(r.json.error.code, code, name);
      assert.ok(r.json.error.message && r.json.error.messageId, `${name} has a reason in both languages`);
    }
    assert.equal(await db().order.count({ where: { userId: user.id } }), 0);
  });

  test("the same Idempotency-Key sent 20 times at once gives one order; another quantity with it is a 409", async () => {
    const { user, auth } = await withToken();
    const headers = { ...auth, "idempotency-key": `same-${randomUUID()}` };
    const results = await Promise.all(Array.from({ length: 20 }, () => callRoute(ordersRoute.POST, { headers, body: { quantity: 2 } })));
    assert.ok(results.every((r) => r.status === 201 || r.status === 200), JSON.stringify(results.map((r) => r.status)));
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.equal(new Set(results.map((r) => r.json.id)).size, 1);
    assert.ok(results.every((r) => r.json.payment.qrString), "every answer carries the QR");
    assert.equal(await db().order.count({ where: { userId: user.id } }), 1);

    const conflict = await callRoute(ordersRoute.POST, { headers, body: { quantity: 5 } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.json.error.code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(await db().order.count({ where: { userId: user.id } }), 1);
  });

  test("an applicant never sees another applicant's order (404), an operator does", async () => {
    const a = await withToken();
    const b = await withToken();
    const op = await withToken("OPERATOR");
    const { order } = await createOrder({ userId: a.user.id, actor: { id: a.user.id, label: a.user.email }, quantity: 1, idempotencyKey: `k-${randomUUID()}` });
    assert.equal((await callRoute(orderRoute.GET, { method: "GET", headers: b.auth, params: { id: order.id } })).status, 404);
    assert.equal((await callRoute(orderRoute.GET, { method: "GET", headers: b.auth, params: { id: "does-not-exist" } })).status, 404);
    assert.equal((await callRoute(orderRoute.GET, { method: "GET", headers: op.auth, params: { id: order.id } })).status, 200);
  });

  test("GET /api/v1/quota reports available and reserved", async () => {
    const { user, auth } = await withToken();
    await creditThroughOrder(user, 5);
    await reserveQuota({ userId: user.id, affixJobId: `job-${randomUUID()}`, units: 2 });
    const r = await callRoute(quotaRoute.GET, { method: "GET", headers: auth });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { available: 3, reserved: 2 });
  });

  test("refunds: requested units leave available at once; approval refunds them, rejection returns them", async () => {
    const user = await makeUser();
    const op = await makeUser("OPERATOR");
    const actor = { id: user.id, label: user.email };
    const first = await creditThroughOrder(user, 4);
    const second = await creditThroughOrder(user, 3);
    await reserveQuota({ userId: user.id, affixJobId: `job-${randomUUID()}`, units: 5 }); // 2 left available

    const tooMany = await requestRefund({ orderId: first.id, userId: user.id, actor, units: 3 }).catch((e) => e);
    assert.equal(tooMany.code, "REFUND_NOT_ALLOWED");
    const other = await makeUser();
    assert.equal((await requestRefund({ orderId: first.id, userId: other.id, actor }).catch((e) => e)).code, "NOT_FOUND");

    const held = await requestRefund({ orderId: first.id, userId: user.id, actor, reason: "not needed" });
    assert.equal(held.units, 2);
    assert.equal(await orderStatus(first.id), "REFUND_REQUESTED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 5 });
    const spend = await reserveQuota({ userId: user.id, affixJobId: `job-${randomUUID()}`, units: 1 }).catch((e) => e);
    assert.equal(spend.code, "QUOTA_EXHAUSTED", "held units cannot be spent");

    await decideRefund({ orderId: first.id, approve: true, actor: { id: op.id, label: op.email } });
    assert.equal(await orderStatus(first.id), "REFUNDED");
    assert.equal((await decideRefund({ orderId: first.id, approve: true, actor: { id: op.id, label: op.email } }).catch((e) => e)).code, "REFUND_NOT_ALLOWED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 0, reserved: 5 });

    // Reject: the units come back.
    const u2 = await makeUser();
    const o2 = await creditThroughOrder(u2, 3);
    await requestRefund({ orderId: o2.id, userId: u2.id, actor: { id: u2.id, label: u2.email }, units: 2 });
    assert.deepEqual(await getQuotaBalance(u2.id), { available: 1, reserved: 0 });
    await decideRefund({ orderId: o2.id, approve: false, actor: { id: op.id, label: op.email }, note: "used already" });
    assert.equal(await orderStatus(o2.id), "CREDITED");
    assert.deepEqual(await getQuotaBalance(u2.id), { available: 3, reserved: 0 });
    assert.equal((await requestRefund({ orderId: second.id, userId: user.id, actor }).catch((e) => e)).code, "REFUND_NOT_ALLOWED");
    const actions = (await db().auditEntry.findMany({ where: { targetId: first.id }, orderBy: { seq: "asc" }, select: { action: true } })).map((a) => a.action);
    assert.deepEqual(actions, ["order.create", "order.paid", "order.credited", "order.refund_requested", "order.refunded"]);
    assert.equal((await checkQuotaConsistency()).ok, true);
    assert.equal((await verifyAuditChain()).intact, true);
  });

  test("GET /api/v1/openapi.json is an OpenAPI 3.1 document describing the purchase API", async () => {
    const r = await callRoute(openapiRoute.GET, { method: "GET" });
    assert.equal(r.status, 200);
    assert.equal(r.json.openapi, "3.1.0");
    for (const path of ["/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/quota", "/api/v1/payments/simulator/{orderId}/pay", "/api/v1/payments/notifications/{provider}"]) {
      assert.ok(r.json.paths[path], `${path} documented`);
    }
    // Every $ref resolves.
    const refs = JSON.stringify(r.json).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) assert.ok(r.json.components.schemas[ref.split("/").pop()!], `${ref} exists`);
  });
});
