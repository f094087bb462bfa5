// Buying's HTTP contract beyond the order itself (lib/orders/order-view.ts): the routes parse and answer
// with these schemas, and the OpenAPI document (lib/openapi/paths-purchase.ts) is generated from them.
import { z } from "zod";
import { ZResourceId } from "@/lib/edge/path-params";
import { ZProviderName } from "@/lib/payments/notification";

/** What a payment notification did to its order (lib/orders/apply-payment-state.ts). */
export const APPLY_OUTCOMES = [
  "CREDITED", // paid now: PAID and CREDITED, quota added
  "CREDITED_LATE", // paid after the order expired or failed: credited all the same, audited
  "DUPLICATE", // already credited: nothing more
  "FAILED", // PENDING → FAILED
  "EXPIRED", // PENDING → EXPIRED
  "IGNORED_AFTER_PAYMENT", // a failure/expiry/refund notice for an order already paid: ignored, audited
  "IGNORED_FINAL", // failure/expiry for an order already failed/expired: nothing
  "PENDING", // still waiting
] as const;
export type TApplyOutcome = (typeof APPLY_OUTCOMES)[number];

export const ZOrderParams = z.object({ id: ZResourceId.describe("Order id") });
export const ZPayOrderParams = z.object({ orderId: ZResourceId.describe("Order id") });
export const ZNotificationParams = z.object({ provider: ZProviderName });

export const ZNotificationResult = z.object({
  received: z.literal(true),
  outcome: z.enum([...APPLY_OUTCOMES, "REPLAY"]).describe("REPLAY: this exact notification was processed before; nothing changed."),
  orderId: z.string(),
  orderStatus: z.string(),
});
export type TNotificationResult = z.infer<typeof ZNotificationResult>;

export const ZSimulatedPayment = z.object({
  orderId: z.string(),
  transactionId: z.string(),
  delivered: z.boolean().describe("Whether the webhook accepted the simulator's notification."),
  webhookStatus: z.number().int().nullable(),
  orderStatus: z.string().nullable(),
});
