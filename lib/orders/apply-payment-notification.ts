import "server-only";
// The webhook's work: check, record, apply. Everything here is local and quick (no call to the gateway),
// so the gateway gets its answer in milliseconds. A replay is recognised by its fingerprint and answered
// 200 without effect: a 4xx would make the gateway retry the same notification for days.
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { runTransaction } from "@/lib/db/run-transaction";
import { paymentErrors } from "@/lib/payments/payment-errors";
import { checkStatusCode, readNotification } from "@/lib/payments/read-notification";
import type { TProviderName } from "@/lib/payments/notification";
import type { TNotificationResult } from "./api-schemas";
import { applyPaymentState } from "./apply-payment-state";

export async function applyPaymentNotification(input: { provider: TProviderName; rawBody: string }): Promise<Omit<TNotificationResult, "received">> {
  const read = await readNotification(input);
  const n = read.notification;
  const replay = await db().paymentNotification.findUnique({ where: { fingerprint: read.fingerprint }, select: { orderId: true } });
  const order = await db().order.findUnique({ where: { id: n.order_id }, select: { id: true, provider: true, amount: true, status: true } });
  if (replay) return { outcome: "REPLAY", orderId: n.order_id, orderStatus: order?.status ?? "UNKNOWN" };
  if (!order) throw paymentErrors.unknownOrder();
  if (order.provider !== read.provider) throw paymentErrors.providerMismatch();
  if (read.grossAmount !== order.amount) throw paymentErrors.amountMismatch(order.amount, n.gross_amount);
  checkStatusCode(read);

  const actor = { id: null, label: `webhook:${read.provider}` };
  try {
    return await runTransaction(async (tx) => {
      const outcome = await applyPaymentState(tx, order.id, read.state, { actor, source: "webhook", transactionId: n.transaction_id, transactionStatus: n.transaction_status });
      // Recorded in the same transaction: a concurrent copy of this notification fails on the unique
      // fingerprint and rolls back whatever it did.
      await tx.paymentNotification.create({
        data: {
          provider: read.provider,
          orderId: order.id,
          transactionId: n.transaction_id,
          transactionStatus: n.transaction_status,
          statusCode: n.status_code,
          grossAmount: n.gross_amount,
          fingerprint: read.fingerprint,
          outcome,
          rawBody: input.rawBody.slice(0, 10_000),
        },
        select: { id: true },
      });
      const now = await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
      return { outcome, orderId: order.id, orderStatus: now.status };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const now = await db().order.findUnique({ where: { id: order.id }, select: { status: true } });
    return { outcome: "REPLAY", orderId: order.id, orderStatus: now?.status ?? "UNKNOWN" };
  }
}
