import "server-only";
import { db } from "@/lib/db/client";
import { getOrder } from "./get-order";

/** An order with its buyer's name and e-mail, for the printable receipt (owner or operator only). */
export async function getReceipt(input: { orderId: string; viewer: { id: string; role: string } }) {
  const order = await getOrder(input);
  const buyer = await db().user.findUniqueOrThrow({ where: { id: order.userId }, select: { email: true, name: true } });
  return { order, buyer };
}
