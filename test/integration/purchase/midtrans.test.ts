// The Midtrans adapter against a local stand-in for the gateway's API (127.0.0.1 only), answering with
// the message shapes of Midtrans's documentation (Core API QRIS charge, status, HTTP notification).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { after, describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import * as webhookRoute from "@/app/api/v1/payments/notifications/[provider]/route";
import * as payRoute from "@/app/api/v1/payments/simulator/[orderId]/pay/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createOrder } from "@/lib/orders/create-order";
import { reconcileOrders } from "@/lib/orders/reconcile-orders";
import { computeSignature } from "@/lib/payments/notification";
import { getQuotaBalance } from "@/lib/quota";
import { callRoute, orderStatus } from "./helpers";

const SERVER_KEY = "SB-Mid-server-test-key-for-the-suite";
type TSeen = { method: string; url: string; authorization?: string; body: any };
const seen: TSeen[] = [];
const gatewayState = new Map<string, { transaction_status: string; status_code: string; gross_amount: string; transaction_id: string }>();

const gatewayApi = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
  seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
  res.setHeader("content-type", "application/json");
  if (req.method === "POST" && req.url === "/v2/charge") {
    const orderId = body.transaction_details.order_id;
    const transactionId = randomUUID();
    const gross = `${body.transaction_details.gross_amount}.00`;
    gatewayState.set(orderId, { transaction_status: "pending", status_code: "201", gross_amount: gross, transaction_id: transactionId });
    // Shape of the documented QRIS charge response.
    res.end(JSON.stringify({
      status_code: "201",
      status_message: "QRIS transaction is created",
      transaction_id: transactionId,
      order_id: orderId,
      merchant_id: "G490526303",
      gross_amount: gross,
      currency: "IDR",
      payment_type: "qris",
      transaction_time: "2026-11-27 17:23:49",
      transaction_status: "pending",
      fraud_status: "accept",
      actions: [{ name: "generate-qr-code", method: "GET", url: `https://api.sandbox.midtrans.com/v2/qris/${transactionId}/qr-code` }],
      qr_string: "00020101021226620014COM.GO-JEK.WWW011993600914302192207520210G4905263030303UMI51440014ID.CO.QRIS.WWW0215ID10200211817450303UMI5204581453033605409100000.005802ID5904Test6015Jakarta Selatan6105121606304A5A5",
      acquirer: "gopay",
    }));
    return;
  }
  const status = /^\/v2\/([^/]+)\/status$/.exec(req.url ?? "");
  if (req.method === "GET" && status) {
    const orderId = decodeURIComponent(status[1]!);
    const s = gatewayState.get(orderId);
    if (!s) {
      res.end(JSON.stringify({ status_code: "404", status_message: "Transaction doesn't exist.", id: randomUUID() }));
      return;
    }
    res.end(JSON.stringify({
      status_code: s.status_code,
      status_message: "Success, transaction is found",
      transaction_id: s.transaction_id,
      order_id: orderId,
      gross_amount: s.gross_amount,
      currency: "IDR",
      payment_type: "qris",
      transaction_time: "2026-11-27 17:23:49",
      transaction_status: s.transaction_status,
      fraud_status: "accept",
      signature_key: computeSignature({ order_id: orderId, status_code: s.status_code, gross_amount: s.gross_amount }, SERVER_KEY),
      merchant_id: "G490526303",
    }));
    return;
  }
  res.statusCode = 404;
  res.end("{}");
});
await new Promise<void>((resolve) => gatewayApi.listen(0, "127.0.0.1", resolve));
after(() => new Promise<void>((resolve) => gatewayApi.close(() => resolve())));

const database = useTestDatabase();
process.env.PAYMENT_PROVIDER = "midtrans";
process.env.MIDTRANS_SERVER_KEY = SERVER_KEY;
process.env.MIDTRANS_API_URL = `http://127.0.0.1:${(gatewayApi.address() as { port: number }).port}`;

/** A Midtrans HTTP notification for QRIS, as documented (signed with the server key). */
function notification(orderId: string, amount: string, transactionStatus: string, statusCode: string, transactionId: string) {
  return {
    transaction_type: "on-us",
    transaction_time: "2026-11-27 17:23:49",
    transaction_status: transactionStatus,
    transaction_id: transactionId,
    status_message: "midtrans payment notification",
    status_code: statusCode,
    signature_key: computeSignature({ order_id: orderId, status_code: statusCode, gross_amount: amount }, SERVER_KEY),
    settlement_time: "2026-11-27 17:24:10",
    payment_type: "qris",
    order_id: orderId,
    merchant_id: "G490526303",
    issuer: "gopay",
    gross_amount: amount,
    fraud_status: "accept",
    currency: "IDR",
    acquirer: "gopay",
  };
}

async function newOrder(quantity: number) {
  const user = await makeUser();
  const { order } = await createOrder({ userId: user.id, actor: { id: user.id, label: user.email }, quantity, idempotencyKey: `mt-${randomUUID()}` });
  return { user, order };
}

describe(`Midtrans adapter (${database.kind})`, () => {
  test("creating an order sends a Core API QRIS charge with Basic auth and stores qr_string", async () => {
    const { order } = await newOrder(2);
    const charge = seen.find((s) => s.url === "/v2/charge" && s.body.transaction_details.order_id === order.id);
    assert.ok(charge, "the charge request reached the gateway");
    assert.equal(charge.authorization, `Basic ${Buffer.from(`${SERVER_KEY}:`).toString("base64")}`);
    assert.equal(charge.body.payment_type, "qris");
    assert.equal(charge.body.transaction_details.gross_amount, 25_000);
    assert.equal(charge.body.custom_expiry.unit, "minute");
    assert.equal(order.provider, "midtrans");
    assert.match(order.qrString ?? "", /^00020101021226/);
    assert.ok(order.providerRef);
  });

  test("documented notifications: settlement credits; replay, forged and wrong-amount ones change nothing", async () => {
    const { user, order } = await newOrder(3);
    const amount = "37500.00";
    const settlement = notification(order.id, amount, "settlement", "200", order.providerRef!);
    const ok = await callRoute(webhookRoute.POST, { body: settlement, params: { provider: "midtrans" } });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(ok.json.outcome, "CREDITED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });

    const replay = await callRoute(webhookRoute.POST, { body: settlement, params: { provider: "midtrans" } });
    assert.equal(replay.status, 200);
    assert.equal(replay.json.outcome, "REPLAY");

    const other = await newOrder(1);
    const forged = { ...notification(other.order.id, "12500.00", "settlement", "200", "x"), signature_key: computeSignature({ order_id: other.order.id, status_code: "200", gross_amount: "12500.00" }, "SB-Mid-server-guess") };
    assert.equal((await callRoute(webhookRoute.POST, { body: forged, params: { provider: "midtrans" } })).status, 401);
    const wrongAmount = notification(other.order.id, "1000.00", "settlement", "200", "x");
    const w = await callRoute(webhookRoute.POST, { body: wrongAmount, params: { provider: "midtrans" } });
    assert.equal(w.status, 422);
    // A Midtrans-signed notification cannot be sent to the simulator's endpoint (different key).
    const crossed = await callRoute(webhookRoute.POST, { body: notification(other.order.id, "12500.00", "settlement", "200", "x"), params: { provider: "simulator" } });
    assert.equal(crossed.status, 401);
    assert.equal(await orderStatus(other.order.id), "PENDING");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 3, reserved: 0 });
  });

  test("pending then expire notifications: the order expires; capture with fraud accept credits", async () => {
    const a = await newOrder(1);
    const pending = await callRoute(webhookRoute.POST, { body: notification(a.order.id, "12500.00", "pending", "201", "t1"), params: { provider: "midtrans" } });
    assert.equal(pending.json.outcome, "PENDING");
    const expire = await callRoute(webhookRoute.POST, { body: notification(a.order.id, "12500.00", "expire", "202", "t1"), params: { provider: "midtrans" } });
    assert.equal(expire.json.outcome, "EXPIRED");
    const b = await newOrder(1);
    const capture = await callRoute(webhookRoute.POST, { body: notification(b.order.id, "12500.00", "capture", "200", "t2"), params: { provider: "midtrans" } });
    assert.equal(capture.json.outcome, "CREDITED");
  });

  test("reconciliation asks GET /v2/{order_id}/status and credits an order whose notification was lost", async () => {
    const { user, order } = await newOrder(2);
    gatewayState.set(order.id, { ...gatewayState.get(order.id)!, transaction_status: "settlement", status_code: "200" });
    const report = await reconcileOrders();
    assert.ok(seen.some((s) => s.method === "GET" && s.url === `/v2/${order.id}/status`));
    assert.deepEqual(report.errors, []);
    assert.equal(await orderStatus(order.id), "CREDITED");
    assert.deepEqual(await getQuotaBalance(user.id), { available: 2, reserved: 0 });
  });

  test("the simulator's pay endpoint does not exist while Midtrans is the provider", async () => {
    const { user, order } = await newOrder(1);
    const token = await createApiToken({ userId: user.id, name: "t", actor: { id: null, label: "test" } });
    const r = await callRoute(payRoute.POST, { headers: { authorization: `Bearer ${token.secret}` }, params: { orderId: order.id } });
    assert.equal(r.status, 404);
    assert.equal(await orderStatus(order.id), "PENDING");
  });
});
