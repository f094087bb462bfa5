import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { idempotencyKeyFrom } from "@/lib/edge/idempotency-key";
import { createOrder, createOrderBody, invalidQuantity } from "@/lib/orders/create-order";
import { orderErrors } from "@/lib/orders/order-errors";
import { toApiOrder, ZApiOrder } from "@/lib/orders/order-view";

export const dynamic = "force-dynamic";

// POST /api/v1/orders {quantity} with an Idempotency-Key header → 201 (new) or 200 (the same key again)
export const POST = apiHandler({ auth: "token" }, async ({ request, user }) => {
  const idempotencyKey = idempotencyKeyFrom(request.headers);
  if (!idempotencyKey) throw orderErrors.idempotencyKeyRequired();
  // A quantity that is there but not a whole number in range gets its own error; a missing one, INVALID_INPUT.
  const { quantity } = await readJson(request, createOrderBody(), (body) => (body && typeof body === "object" && "quantity" in body ? invalidQuantity() : undefined));
  const { order, created } = await createOrder({ userId: user!.id, actor: { id: user!.id, label: user!.email }, quantity, idempotencyKey });
  return jsonResponse(ZApiOrder, toApiOrder(order), { status: created ? 201 : 200, headers: { Location: `/api/v1/orders/${order.id}` } });
});
