import "server-only";
// For when a notification never arrives: ask the gateway about every order still open and complete it
// through the same transitions as the webhook. Also credits any order left PAID without its quota and
// expires unpaid orders past their time. Safe to run concurrently with the webhook and with itself.
import type { TAuditActor } from "@/lib/audit/append-audit";
import { appendAudit } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { getProvider } from "@/lib/payments/provider";
import { ZProviderName } from "@/lib/payments/notification";
import { runTransaction } from "@/lib/db/run-transaction";
import { applyPaymentState, creditPaidOrder } from "./apply-payment-state";

export type TReconcileReport = { checked: number; credited: number; expired: number; failed: number; errors: { orderId: string; message: string }[] };

const reconcilerActor: TAuditActor = { id: null, label: "reconciler" };
const LATE_WINDOW_MS = 24 * 3600_000;

export async function reconcileOrders(input: { actor?: TAuditActor; now?: Date; batch?: number } = {}): Promise<TReconcileReport> {
  const actor = input.actor ?? reconcilerActor;
  const now = input.now ?? new Date();
  const take = input.batch ?? 500;
  const report: TReconcileReport = { checked: 0, credited: 0, expired: 0, failed: 0, errors: [] };
  const ctx = { actor, source: "reconcile" as const };

  // 1. Paid but not credited: cannot happen through our transitions, but if it ever does, finish it.
  const paid = await db().order.findMany({ where: { status: "PAID" }, select: { id: true, userId: true, quantity: true }, take });
  for (const order of paid) {
    report.checked++;
    if (await runTransaction((tx) => creditPaidOrder(tx, order, ctx))) report.credited++;
  }

  // 2. Open orders, and those expired recently (a payment may have landed just after expiry): ask the gateway.
  const open = await db().order.findMany({
    where: { OR: [{ status: "PENDING" }, { status: "EXPIRED", expiresAt: { gte: new Date(now.getTime() - LATE_WINDOW_MS) } }] },
    select: { id: true, status: true, provider: true, amount: true, expiresAt: true },
    orderBy: { createdAt: "asc" },
    take,
  });
  for (const order of open) {
    report.checked++;
    try {
      const providerName = ZProviderName.parse(order.provider);
      const status = await getProvider(providerName).getStatus(order.id);
      if (status && status.state !== "pending" && status.state !== "unknown" && status.grossAmount !== order.amount) {
        throw new Error(`gateway amount ${status.grossAmount} differs from the order's ${order.amount}`);
      }
      const state = status?.state ?? "pending";
      const outcome = await runTransaction(async (tx) => {
        if (state === "paid" || state === "failed" || state === "expired") {
          return applyPaymentState(tx, order.id, state, { ...ctx, transactionId: status?.transactionId, transactionStatus: status?.transactionStatus });
        }
        if (order.status === "PENDING" && order.expiresAt <= now) {
          const { count } = await tx.order.updateMany({ where: { id: order.id, status: "PENDING" }, data: { status: "EXPIRED" } });
          if (count === 1) {
            await appendAudit(tx, { actor, action: "order.expired", targetType: "Order", targetId: order.id, data: { source: "reconcile", from: "PENDING", expiresAt: order.expiresAt.toISOString() } });
            return "EXPIRED" as const;
          }
        }
        return "PENDING" as const;
      });
      if (outcome === "CREDITED" || outcome === "CREDITED_LATE") report.credited++;
      if (outcome === "EXPIRED") report.expired++;
      if (outcome === "FAILED") report.failed++;
    } catch (error) {
      report.errors.push({ orderId: order.id, message: (error as Error).message });
    }
  }
  return report;
}
