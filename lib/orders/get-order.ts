import "server-only";
import { db } from "@/lib/db/client";
import { orderErrors } from "./order-errors";
import { orderSelect, type TOrderRow } from "./order-view";

/**
 * One order, for its owner or an operator. Anyone else gets the same 404 as for a missing order, so
 * order ids cannot be probed.
 */
export async function getOrder(input: { orderId: string; viewer: { id: string; role: string } }): Promise<TOrderRow> {
  const order = await db().order.findUnique({ where: { id: input.orderId.slice(0, 100) }, select: orderSelect });
  if (!order || (order.userId !== input.viewer.id && input.viewer.role !== "OPERATOR")) throw orderErrors.notFound();
  return order;
}
