import "server-only";
import { db } from "@/lib/db/client";
import { idSuffixOfReference } from "./order-reference";
import { ZOrderStatus } from "./order-status";
import { orderSelect } from "./order-view";

/** Operator search: an order id or its short reference (DETH-5XA8), part of an e-mail address, and/or a status. */
export async function searchOrders(input: { query?: string; status?: string; take?: number }) {
  const q = (input.query ?? "").trim().slice(0, 200);
  const status = ZOrderStatus.safeParse(input.status);
  const suffix = idSuffixOfReference(q);
  const rows = await db().order.findMany({
    where: {
      ...(status.success ? { status: status.data } : {}),
      ...(q ? { OR: [{ id: q }, ...(suffix ? [{ id: { endsWith: suffix } }] : []), { user: { email: { contains: q.toLowerCase() } } }] } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(input.take ?? 50, 200),
    select: { ...orderSelect, user: { select: { email: true } } },
  });
  return rows.map(({ user, ...order }) => ({ ...order, email: user.email }));
}
