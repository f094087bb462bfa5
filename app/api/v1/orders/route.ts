import { NextResponse } from "next/server";
import { z } from "zod";
import { apiHandler, readJson } from "@/lib/edge/api-handler";
import { createOrder } from "@/lib/orders/create-order";
import { toApiOrder } from "@/lib/orders/order-view";

export const dynamic = "force-dynamic";

// The quantity is checked by createOrder (whole number, 1..ORDER_MAX_QUANTITY) for one clear message.
const ZCreateOrderBody = z.object({ quantity: z.unknown() });

// POST /api/v1/orders {quantity} with an Idempotency-Key header → 201 (new) or 200 (the same key again)
export const POST = apiHandler({ auth: "token" }, async ({ request, user }) => {
  const body = await readJson(request, ZCreateOrderBody);
  const { order, created } = await createOrder({
    userId: user!.id,
    actor: { id: user!.id, label: user!.email },
    quantity: body.quantity,
    idempotencyKey: request.headers.get("idempotency-key") ?? undefined,
  });
  return NextResponse.json(toApiOrder(order), { status: created ? 201 : 200, headers: { Location: `/api/v1/orders/${order.id}` } });
});
