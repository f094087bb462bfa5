import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { applyMovement } from "@/lib/quota/ledger";
import { runTransaction } from "@/lib/db/run-transaction";
import { orderErrors } from "./order-errors";

/**
 * An operator's decision on a requested refund: approve (REFUNDED, the held units leave as REFUND; the
 * money goes back outside the portal) or reject (the held units return to available, order CREDITED).
 */
export async function decideRefund(input: { orderId: string; approve: boolean; actor: TAuditActor; note?: string }) {
  return runTransaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { id: input.orderId }, select: { id: true, userId: true, status: true, refundUnits: true } });
    if (!order) throw orderErrors.notFound();
    const { count } = await tx.order.updateMany({
      where: { id: order.id, status: "REFUND_REQUESTED" },
      data: input.approve ? { status: "REFUNDED" } : { status: "CREDITED", refundReason: input.note ? `rejected: ${input.note.slice(0, 480)}` : "rejected" },
    });
    if (count === 0) throw orderErrors.refundNotAllowed({ id: "Tidak ada permintaan pengembalian dana yang menunggu untuk pesanan ini.", en: "This order has no refund request waiting." });
    await applyMovement(tx, { userId: order.userId, kind: input.approve ? "REFUND" : "REFUND_RETURN", units: order.refundUnits, orderId: order.id, note: input.note });
    await appendAudit(tx, { actor: input.actor, action: input.approve ? "order.refunded" : "order.refund_rejected", targetType: "Order", targetId: order.id, data: { units: order.refundUnits, note: input.note ?? null } });
    return { orderId: order.id, status: input.approve ? ("REFUNDED" as const) : ("CREDITED" as const) };
  });
}
