import "server-only";
// The simulator's "pay" button for one order: the owner (or an operator) pays an order that can still be
// paid; the simulator, acting as the gateway, then notifies the webhook (lib/payments/simulator/).
import { paymentErrors } from "@/lib/payments/payment-errors";
import { isSimulatorActive, simulatePayment, type TSimulatedPayment } from "@/lib/payments/simulator/simulate-payment";
import { getOrder } from "./get-order";
import { orderErrors } from "./order-errors";

export async function payWithSimulator(input: { orderId: string; viewer: { id: string; role: string } }): Promise<TSimulatedPayment> {
  if (!isSimulatorActive()) throw paymentErrors.simulatorInactive();
  const order = await getOrder({ orderId: input.orderId, viewer: input.viewer });
  if (order.provider !== "simulator") throw orderErrors.notFound();
  const payable = order.status === "PENDING" && order.expiresAt.getTime() > Date.now();
  const paid = await simulatePayment({ orderId: order.id, amount: order.amount, payable });
  // Like a real QR: it cannot be paid once expired (unless the gateway already took the money).
  if (paid === "NOT_PAYABLE") throw orderErrors.notPayable(order.status === "PENDING" ? "EXPIRED" : order.status);
  return paid;
}
