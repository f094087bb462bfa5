import "server-only";
import { db } from "@/lib/db/client";
import { orderSelect } from "./order-view";

/** An applicant's order history, newest first. */
export async function listOrders(input: { userId: string; take?: number }) {
  return db().order.findMany({ where: { userId: input.userId }, orderBy: { createdAt: "desc" }, take: Math.min(input.take ?? 100, 500), select: orderSelect });
}
