import "server-only";
// The simulator's "pay" button, acting as the gateway: it records the payment on its own side first
// (the money is taken), then sends the signed notification over HTTP to the portal's own webhook, the
// same production code path as Midtrans. If that delivery fails, reconciliation finds the payment later.
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { computeSignature, formatGrossAmount } from "@/lib/payments/notification";
import { paymentErrors } from "@/lib/payments/payment-errors";
import { gatewayTime, readSimTransaction, writeSimTransaction } from "./simulator-gateway";
import { getSimulatorServerKey } from "./simulator-key";

export type TSimulatedPayment = { orderId: string; transactionId: string; delivered: boolean; webhookStatus: number | null; orderStatus: string | null };

export function isSimulatorActive(): boolean {
  return env().payment.provider === "simulator";
}

/**
 * Pays `orderId` at the simulated gateway. `payable`: whether the order can still be paid (the orders area
 * decides, lib/orders/pay-with-simulator.ts); a payment the gateway already took is notified again anyway.
 */
export async function simulatePayment(order: { orderId: string; amount: number; payable: boolean }): Promise<TSimulatedPayment | "NOT_PAYABLE"> {
  if (!isSimulatorActive()) throw paymentErrors.simulatorInactive();
  const known = await readSimTransaction(order.orderId);
  const alreadyPaid = known?.transactionStatus === "settlement";
  if (!alreadyPaid && !order.payable) return "NOT_PAYABLE";

  const now = new Date();
  const tx = alreadyPaid && known
    ? known
    : { orderId: order.orderId, transactionId: known?.transactionId ?? randomUUID(), transactionStatus: "settlement" as const, grossAmount: order.amount, transactionTime: known?.transactionTime ?? gatewayTime(now), settlementTime: gatewayTime(now) };
  if (!alreadyPaid) await writeSimTransaction(tx);

  const body = await buildSimulatorNotification({ orderId: order.orderId, amount: order.amount, transactionId: tx.transactionId, transactionStatus: "settlement", transactionTime: tx.transactionTime, settlementTime: tx.settlementTime });
  const delivery = await deliverNotification(body);
  return { orderId: order.orderId, transactionId: tx.transactionId, ...delivery };
}

/** A notification in the gateway's format (Midtrans's HTTP notification fields), signed with the simulator's key. */
export async function buildSimulatorNotification(input: {
  orderId: string;
  amount: number;
  transactionId: string;
  transactionStatus: "settlement" | "pending" | "expire" | "deny";
  transactionTime?: string;
  settlementTime?: string;
}): Promise<Record<string, string>> {
  const statusCode = input.transactionStatus === "settlement" ? "200" : input.transactionStatus === "pending" ? "201" : "202";
  const grossAmount = formatGrossAmount(input.amount);
  const key = await getSimulatorServerKey();
  return {
    transaction_type: "on-us",
    transaction_time: input.transactionTime ?? gatewayTime(),
    transaction_status: input.transactionStatus,
    transaction_id: input.transactionId,
    status_message: "simulator payment notification",
    status_code: statusCode,
    signature_key: computeSignature({ order_id: input.orderId, status_code: statusCode, gross_amount: grossAmount }, key),
    ...(input.settlementTime ? { settlement_time: input.settlementTime } : {}),
    payment_type: "qris",
    order_id: input.orderId,
    merchant_id: "SIMULATOR",
    issuer: "simulator",
    gross_amount: grossAmount,
    fraud_status: "accept",
    currency: "IDR",
    acquirer: "simulator",
  };
}

async function deliverNotification(body: Record<string, string>): Promise<{ delivered: boolean; webhookStatus: number | null; orderStatus: string | null }> {
  try {
    const response = await fetch(`${env().publicUrl}/api/v1/payments/notifications/simulator`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "emeterai-qris-simulator" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await response.json().catch(() => ({}))) as { orderStatus?: string };
    // A second press of Pay sends the same notification again: the webhook answers 200 (outcome REPLAY).
    return { delivered: response.ok, webhookStatus: response.status, orderStatus: json.orderStatus ?? null };
  } catch (error) {
    console.error(`[simulator] could not deliver the notification: ${(error as Error).message}`);
    return { delivered: false, webhookStatus: null, orderStatus: null };
  }
}
