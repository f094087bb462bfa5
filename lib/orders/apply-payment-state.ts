import "server-only";
// The order transitions that follow a payment's state, shared by the webhook and the reconciler and
// always run inside the caller's transaction. Paying and crediting happen in one transaction, so an
// order can never be seen paid without its quota.
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import type { TTx } from "@/lib/db/client";
import type { TPaymentState } from "@/lib/payments/notification";
import { creditQuota } from "@/lib/quota/credit-quota";
import type { TApplyOutcome } from "./api-schemas";
import { CREDITED_STATUSES, UNPAID_STATUSES, type TOrderStatus } from "./order-status";

export type { TApplyOutcome } from "./api-schemas";

type TContext = { actor: TAuditActor; source: "webhook" | "reconcile"; transactionId?: string | null; transactionStatus?: string };

export async function applyPaymentState(tx: TTx, orderId: string, state: TPaymentState, ctx: TContext): Promise<TApplyOutcome> {
  const order = await tx.order.findUnique({ where: { id: orderId }, select: { id: true, userId: true, quantity: true, status: true } });
  if (!order) throw new Error(`order ${orderId} vanished`);
  const status = order.status as TOrderStatus;
  const data = { source: ctx.source, transactionId: ctx.transactionId ?? null, transactionStatus: ctx.transactionStatus ?? null };

  if (state === "paid") {
    if (CREDITED_STATUSES.includes(status)) return "DUPLICATE";
    if (UNPAID_STATUSES.includes(status)) {
      // Conditional on the status read above: of two deliveries racing, only one moves the order.
      const { count } = await tx.order.updateMany({ where: { id: order.id, status }, data: { status: "PAID", paidAt: new Date() } });
      if (count === 0) return "DUPLICATE";
      await appendAudit(tx, { actor: ctx.actor, action: "order.paid", targetType: "Order", targetId: order.id, data: { ...data, from: status, late: status !== "PENDING" } });
    }
    return (await creditPaidOrder(tx, order, ctx)) ? (status === "PENDING" || status === "PAID" ? "CREDITED" : "CREDITED_LATE") : "DUPLICATE";
  }

  if (state === "failed" || state === "expired") {
    const to = state === "failed" ? "FAILED" : "EXPIRED";
    if (status === "PENDING") {
      const { count } = await tx.order.updateMany({ where: { id: order.id, status: "PENDING" }, data: { status: to } });
      if (count === 1) {
        await appendAudit(tx, { actor: ctx.actor, action: state === "failed" ? "order.failed" : "order.expired", targetType: "Order", targetId: order.id, data: { ...data, from: "PENDING" } });
        return to;
      }
      return "IGNORED_FINAL";
    }
    if (status === "PAID" || CREDITED_STATUSES.includes(status)) {
      // The money was taken and the quota delivered: a later deny/expire does not undo that. Operators see it.
      await appendAudit(tx, { actor: ctx.actor, action: "payment.ignored_after_payment", targetType: "Order", targetId: order.id, data: { ...data, orderStatus: status } });
      return "IGNORED_AFTER_PAYMENT";
    }
    return "IGNORED_FINAL";
  }

  if (state === "refunded") {
    // A refund made at the gateway's dashboard, not through the portal: record it for an operator to settle.
    await appendAudit(tx, { actor: ctx.actor, action: "payment.refunded_at_gateway", targetType: "Order", targetId: order.id, data: { ...data, orderStatus: status } });
    return "IGNORED_AFTER_PAYMENT";
  }
  return "PENDING";
}

/** PAID → CREDITED with the CREDIT ledger entry, in the caller's transaction. False if already credited. */
export async function creditPaidOrder(tx: TTx, order: { id: string; userId: string; quantity: number }, ctx: TContext): Promise<boolean> {
  const { count } = await tx.order.updateMany({ where: { id: order.id, status: "PAID" }, data: { status: "CREDITED", creditedAt: new Date() } });
  if (count === 0) return false;
  const credited = await creditQuota(tx, { userId: order.userId, orderId: order.id, units: order.quantity });
  if (!credited) throw new Error(`order ${order.id} was PAID but its CREDIT entry already exists`);
  await appendAudit(tx, { actor: ctx.actor, action: "order.credited", targetType: "Order", targetId: order.id, data: { units: order.quantity, source: ctx.source } });
  return true;
}
