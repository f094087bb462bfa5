import { commonErrors } from "@/lib/errors";
import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZPayOrderParams, ZSimulatedPayment } from "@/lib/orders/api-schemas";
import { payWithSimulator } from "@/lib/orders/pay-with-simulator";
import { isSimulatorActive } from "@/lib/payments/simulator/simulate-payment";
import { paymentErrors } from "@/lib/payments/payment-errors";
import { releaseQueueSession } from "@/lib/queue/release-queue-session";

export const dynamic = "force-dynamic";

// POST /api/v1/payments/simulator/{orderId}/pay: exists only while the simulator is the active provider.
// The order's owner (or an operator) pays; the simulator then sends its signed notification to the webhook.
export const POST = apiHandler({ auth: "optional", params: ZPayOrderParams }, async ({ request, user, params }) => {
  if (!isSimulatorActive()) throw paymentErrors.simulatorInactive();
  if (!user) throw commonErrors.unauthenticated();
  const result = await payWithSimulator({ orderId: params.orderId, viewer: { id: user.id, role: user.role } });
  // The purchase is complete: the caller's place in the waiting room goes to the next in line.
  if (result.delivered) await releaseQueueSession("buy", request);
  // 202 when the notification could not be delivered: the payment is recorded and reconciliation completes it.
  return jsonResponse(ZSimulatedPayment, result, { status: result.delivered ? 200 : 202 });
});
