import "server-only";
// The webhook's work: check, record, apply. Everything here is local and quick (no call to the gateway),
// so the gateway gets its answer in milliseconds. A replay is recognised by its fingerprint and answered
// 200 without effect: a 4xx would make the gateway retry the same notification for days.
import { db } from "@/lib/db";
import { applyPaymentState, type TApplyOutcome } from "@/lib/orders/apply-payment-state";
import { isUniqueViolation, runTransaction } from "@/lib/quota/run-transaction";
import { mapTransactionStatus, notificationFingerprint, parseGrossAmount, statusCodeFits, verifySignature, ZNotification, ZProviderName } from "./notification";
import { paymentErrors } from "./payment-errors";
import { getProvider } from "./provider";

export type TNotificationResult = { outcome: TApplyOutcome | "REPLAY"; orderId: string; orderStatus: string };

export async function handlePaymentNotification(input: { provider: string; rawBody: string }): Promise<TNotificationResult> {
  const providerName = ZProviderName.safeParse(input.provider);
  if (!providerName.success) throw paymentErrors.unknownProvider();
  const provider = getProvider(providerName.data);

  let raw: unknown;
  try {
    raw = JSON.parse(input.rawBody);
  } catch {
    throw paymentErrors.malformedJson();
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw paymentErrors.malformedJson();
  const signature = (raw as { signature_key?: unknown }).signature_key;
  if (typeof signature !== "string" || signature.length === 0) throw paymentErrors.unsigned();
  const parsed = ZNotification.safeParse(raw);
  if (!parsed.success) throw paymentErrors.invalidNotification(parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
  const n = parsed.data;

  const serverKey = await provider.serverKey();
  if (!serverKey) throw paymentErrors.providerNotConfigured();
  if (!verifySignature(n, serverKey)) throw paymentErrors.forged();

  const fingerprint = notificationFingerprint(provider.name, n);
  const replay = await db().paymentNotification.findUnique({ where: { fingerprint }, select: { orderId: true } });
  const order = await db().order.findUnique({ where: { id: n.order_id }, select: { id: true, provider: true, amount: true, status: true } });
  if (replay) return { outcome: "REPLAY", orderId: n.order_id, orderStatus: order?.status ?? "UNKNOWN" };
  if (!order) throw paymentErrors.unknownOrder();
  if (order.provider !== provider.name) throw paymentErrors.providerMismatch();
  if (parseGrossAmount(n.gross_amount) !== order.amount) throw paymentErrors.amountMismatch(order.amount, n.gross_amount);
  const state = mapTransactionStatus(n.transaction_status, n.fraud_status);
  if (!statusCodeFits(state, n.status_code)) throw paymentErrors.inconsistentStatus();

  const actor = { id: null, label: `webhook:${provider.name}` };
  try {
    return await runTransaction(async (tx) => {
      const outcome = await applyPaymentState(tx, order.id, state, { actor, source: "webhook", transactionId: n.transaction_id, transactionStatus: n.transaction_status });
      // Recorded in the same transaction: a concurrent copy of this notification fails on the unique
      // fingerprint and rolls back whatever it did.
      await tx.paymentNotification.create({
        data: {
          provider: provider.name,
          orderId: order.id,
          transactionId: n.transaction_id,
          transactionStatus: n.transaction_status,
          statusCode: n.status_code,
          grossAmount: n.gross_amount,
          fingerprint,
          outcome,
          rawBody: input.rawBody.slice(0, 10_000),
        },
        select: { id: true },
      });
      const now = await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
      return { outcome, orderId: order.id, orderStatus: now.status };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const now = await db().order.findUnique({ where: { id: order.id }, select: { status: true } });
    return { outcome: "REPLAY", orderId: order.id, orderStatus: now?.status ?? "UNKNOWN" };
  }
}
