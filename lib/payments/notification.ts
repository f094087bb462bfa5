// Midtrans-shaped payment notifications: the one format the webhook accepts, from the real gateway and
// from the local simulator alike. Pure code (no database, no env), unit-tested in test/unit/payments/.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const PROVIDERS = ["simulator", "midtrans"] as const;
export const ZProviderName = z.enum(PROVIDERS);
export type TProviderName = z.infer<typeof ZProviderName>;

/** The fields we rely on; the gateway sends more (merchant_id, issuer, acquirer, …), kept in rawBody. */
export const ZNotification = z.object({
  order_id: z.string().min(1).max(100),
  status_code: z.string().regex(/^\d{3}$/),
  gross_amount: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/),
  signature_key: z.string().regex(/^[0-9a-f]{128}$/i),
  transaction_status: z.string().min(1).max(40),
  transaction_id: z.string().min(1).max(100),
  fraud_status: z.string().max(40).optional(),
  payment_type: z.string().max(40).optional(),
  transaction_time: z.string().max(40).optional(),
  settlement_time: z.string().max(40).optional(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** Midtrans: signature_key = SHA512(order_id + status_code + gross_amount + server_key), hex. */
export function computeSignature(fields: { order_id: string; status_code: string; gross_amount: string }, serverKey: string): string {
  return createHash("sha512").update(fields.order_id + fields.status_code + fields.gross_amount + serverKey).digest("hex");
}

export function verifySignature(n: { order_id: string; status_code: string; gross_amount: string; signature_key: string }, serverKey: string): boolean {
  const expected = Buffer.from(computeSignature(n, serverKey), "hex");
  const given = Buffer.from(n.signature_key.toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Same notification (same transaction, same status, same amount) → same fingerprint: the replay key. */
export function notificationFingerprint(provider: string, n: TNotification): string {
  return createHash("sha256")
    .update([provider, n.order_id, n.transaction_id, n.transaction_status, n.status_code, n.gross_amount, n.fraud_status ?? ""].join("\u0000"))
    .digest("hex");
}

export type TPaymentState = "paid" | "pending" | "failed" | "expired" | "refunded" | "unknown";

/**
 * Midtrans transaction_status → what it means for our order. capture counts as paid only when the fraud
 * check accepted it ("challenge" waits for the merchant's decision, which arrives as another notification).
 */
export function mapTransactionStatus(transactionStatus: string, fraudStatus?: string): TPaymentState {
  switch (transactionStatus) {
    case "capture":
      return fraudStatus === undefined || fraudStatus === "accept" ? "paid" : fraudStatus === "deny" ? "failed" : "pending";
    case "settlement":
      return "paid";
    case "pending":
    case "authorize":
      return "pending";
    case "deny":
    case "cancel":
    case "failure":
      return "failed";
    case "expire":
      return "expired";
    case "refund":
    case "partial_refund":
    case "chargeback":
    case "partial_chargeback":
      return "refunded";
    default:
      return "unknown";
  }
}

/** The status codes Midtrans pairs with each state; a notification whose pair does not match is refused. */
export function statusCodeFits(state: TPaymentState, statusCode: string): boolean {
  if (state === "paid" || state === "refunded") return statusCode === "200";
  if (state === "pending") return statusCode === "201";
  if (state === "failed" || state === "expired") return statusCode === "202" || statusCode.startsWith("4");
  return true;
}

/** Rupiah as the gateway writes it: "36000.00". */
export function formatGrossAmount(amount: number): string {
  return `${amount}.00`;
}

/** "36000.00" → 36000; a fraction of a rupiah is not a valid amount here (→ NaN). */
export function parseGrossAmount(value: string): number {
  const [whole, fraction = "0"] = value.split(".");
  return Number(fraction) === 0 ? Number(whole) : Number.NaN;
}
