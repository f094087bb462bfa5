import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { applyMovement } from "@/lib/quota/ledger";
import { runTransaction } from "@/lib/db/run-transaction";
import { orderErrors } from "./order-errors";

/**
 * An applicant asks for unused quota of a credited order back. The units leave `available` at once
 * (REFUND_HOLD), so they cannot be spent while an operator decides. One request per order.
 */
export async function requestRefund(input: { orderId: string; userId: string; actor: TAuditActor; units?: number; reason?: string }) {
  return runTransaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: input.orderId }, select: { id: true, userId: true, status: true, quantity: true } });
    if (!order || order.userId !== input.userId) throw orderErrors.notFound();
    if (order.status !== "CREDITED") {
      throw orderErrors.refundNotAllowed({ id: "Hanya pesanan yang sudah dikreditkan dapat dimintakan pengembalian dana.", en: "Only a credited order can be refunded." });
    }
    const earlier = await tx.quotaEntry.findUnique({ where: { kind_orderId: { kind: "REFUND_HOLD", orderId: order.id } }, select: { id: true } });
    if (earlier) throw orderErrors.refundNotAllowed({ id: "Pengembalian dana untuk pesanan ini sudah pernah diminta.", en: "A refund was already requested for this order." });
    const account = await tx.quotaAccount.findUnique({ where: { userId: input.userId }, select: { available: true } });
    const unused = Math.min(order.quantity, account?.available ?? 0);
    const units = input.units ?? unused;
    if (!Number.isInteger(units) || units < 1 || units > unused) {
      throw orderErrors.refundNotAllowed({ id: `Kuota yang belum dipakai dari pesanan ini: ${unused}.`, en: `Unused quota from this order: ${unused}.` });
    }
    await applyMovement(tx, { userId: input.userId, kind: "REFUND_HOLD", units, orderId: order.id, note: input.reason });
    await tx.order.update({ where: { id: order.id }, data: { status: "REFUND_REQUESTED", refundUnits: units, refundReason: input.reason?.slice(0, 500) ?? null } });
    await appendAudit(tx, { actor: input.actor, action: "order.refund_requested", targetType: "Order", targetId: order.id, data: { units, reason: input.reason ?? null } });
    return { orderId: order.id, units };
  });
}
