import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeSignature, formatGrossAmount, mapTransactionStatus, notificationFingerprint, parseGrossAmount, statusCodeFits, verifySignature, ZNotification } from "@/lib/payments/notification";
import { buildQrisString, crc16, parseQrisString } from "@/lib/payments/simulator/build-qris-string";
import { formatRupiah } from "@/lib/i18n/format-money";
import { priceOrder } from "@/lib/orders/price-order";

describe("Midtrans notification checks", () => {
  // Expected value computed outside Node: printf %s "order-1012002000.00SB-Mid-server-abc123" | sha512sum
  const fields = { order_id: "order-101", status_code: "200", gross_amount: "2000.00" };
  const expected = "4faae1d10778bb2d07ddaecd94ae775ee812ea4d771dcf50f5040e3bfc9d5dff7b2ddba491840d0635fa64fb1570d896efffe0c6e68ab95277aa537e64749c99";

  test("signature_key = SHA512(order_id + status_code + gross_amount + server_key)", () => {
    assert.equal(computeSignature(fields, "SB-Mid-server-abc123"), expected);
  });

  test("verification accepts the right key (any hex case) and refuses another key or a changed field", () => {
    assert.equal(verifySignature({ ...fields, signature_key: expected }, "SB-Mid-server-abc123"), true);
    assert.equal(verifySignature({ ...fields, signature_key: expected.toUpperCase() }, "SB-Mid-server-abc123"), true);
    assert.equal(verifySignature({ ...fields, signature_key: expected }, "SB-Mid-server-abc124"), false);
    assert.equal(verifySignature({ ...fields, gross_amount: "2001.00", signature_key: expected }, "SB-Mid-server-abc123"), false);
    assert.equal(verifySignature({ ...fields, signature_key: expected.slice(0, 64) }, "SB-Mid-server-abc123"), false);
  });

  test("transaction_status maps to the order's next state", () => {
    assert.equal(mapTransactionStatus("settlement"), "paid");
    assert.equal(mapTransactionStatus("capture", "accept"), "paid");
    assert.equal(mapTransactionStatus("capture", "challenge"), "pending");
    assert.equal(mapTransactionStatus("capture", "deny"), "failed");
    assert.equal(mapTransactionStatus("pending"), "pending");
    for (const s of ["deny", "cancel", "failure"]) assert.equal(mapTransactionStatus(s), "failed");
    assert.equal(mapTransactionStatus("expire"), "expired");
    assert.equal(mapTransactionStatus("refund"), "refunded");
    assert.equal(mapTransactionStatus("partial_refund"), "refunded");
    assert.equal(mapTransactionStatus("something-new"), "unknown");
    assert.equal(statusCodeFits("paid", "200"), true);
    assert.equal(statusCodeFits("paid", "201"), false);
    assert.equal(statusCodeFits("expired", "202"), true);
  });

  test("gross_amount: integer rupiah written with two decimals; fractions are refused", () => {
    assert.equal(formatGrossAmount(37_500), "37500.00");
    assert.equal(parseGrossAmount("37500.00"), 37_500);
    assert.equal(parseGrossAmount("37500"), 37_500);
    assert.ok(Number.isNaN(parseGrossAmount("37500.50")));
  });

  test("the documented notification shape parses; the fingerprint changes with the status", () => {
    const n = ZNotification.parse({
      transaction_time: "2026-11-27 17:23:49", transaction_status: "settlement", transaction_id: "513f1f01-c9da-474c-9fc9-d5c64364b709",
      status_message: "midtrans payment notification", status_code: "200", signature_key: expected, payment_type: "qris",
      order_id: "order-101", merchant_id: "G490526303", gross_amount: "2000.00", fraud_status: "accept", currency: "IDR", acquirer: "gopay",
    });
    const other = { ...n, transaction_status: "deny", status_code: "202" };
    assert.notEqual(notificationFingerprint("midtrans", n), notificationFingerprint("midtrans", other));
    assert.equal(notificationFingerprint("midtrans", n), notificationFingerprint("midtrans", { ...n }));
  });
});

describe("simulator QRIS payload", () => {
  test("CRC-16/CCITT-FALSE of the standard check string is 29B1", () => {
    assert.equal(crc16("123456789"), "29B1");
  });

  test("the payload carries the amount, currency, country and a valid CRC", () => {
    const payload = buildQrisString({ orderId: "cm123order", amount: 37_500 });
    const f = parseQrisString(payload);
    assert.equal(f["00"], "01");
    assert.equal(f["01"], "12");
    assert.equal(f["53"], "360");
    assert.equal(f["54"], "37500");
    assert.equal(f["58"], "ID");
    assert.equal(payload.slice(-4), crc16(payload.slice(0, -4)));
  });
});

describe("pricing", () => {
  test("Rp10,000 per stamp plus the service fee per stamp, in integer rupiah", () => {
    assert.deepEqual(priceOrder(3, { stampPrice: 10_000, serviceFee: 2_500 }), { quantity: 3, unitPrice: 10_000, serviceFee: 2_500, stampsTotal: 30_000, feesTotal: 7_500, amount: 37_500 });
  });

  test("rupiah are written the Indonesian way", () => {
    assert.equal(formatRupiah(10_000, "id"), "Rp10.000");
    assert.equal(formatRupiah(1_250_000, "id"), "Rp1.250.000");
    assert.equal(formatRupiah(500, "id"), "Rp500");
    assert.equal(formatRupiah(0, "id"), "Rp0");
    assert.equal(formatRupiah(1_250_000, "en"), "Rp1,250,000");
  });
});
