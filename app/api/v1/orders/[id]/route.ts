import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZOrderParams } from "@/lib/orders/api-schemas";
import { getOrder } from "@/lib/orders/get-order";
import { toApiOrder, ZApiOrder } from "@/lib/orders/order-view";

export const dynamic = "force-dynamic";

// GET /api/v1/orders/{id}: the owner's (or an operator's) order; anyone else gets 404.
export const GET = apiHandler({ auth: "token", params: ZOrderParams }, async ({ user, params }) => {
  const order = await getOrder({ orderId: params.id, viewer: { id: user!.id, role: user!.role } });
  return jsonResponse(ZApiOrder, toApiOrder(order));
});
