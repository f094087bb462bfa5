import "server-only";
// A gateway's HTTP notification, read and checked: JSON, the gateway's fields, its signature with the
// gateway's server key, the transaction status mapped to our payment states. Gateway knowledge only:
// applying it to an order is the orders area's use case (lib/orders/apply-payment-notification.ts).
import { mapTransactionStatus, notificationFingerprint, parseGrossAmount, statusCodeFits, verifySignature, ZNotification, type TNotification, type TPaymentState, type TProviderName } from "./notification";
import { paymentErrors } from "./payment-errors";
import { getProvider } from "./provider";

export type TReadNotification = {
  provider: TProviderName;
  notification: TNotification;
  /** Identifies this notification across deliveries (a replay has the same one). */
  fingerprint: string;
  state: TPaymentState;
  grossAmount: number;
};

export async function readNotification(input: { provider: TProviderName; rawBody: string }): Promise<TReadNotification> {
  const provider = getProvider(input.provider);

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
  const state = mapTransactionStatus(n.transaction_status, n.fraud_status);
  return { provider: provider.name, notification: n, fingerprint: notificationFingerprint(provider.name, n), state, grossAmount: parseGrossAmount(n.gross_amount) };
}

/** The status code a gateway sends with a state must match it (a mismatch is a forged or broken notification). */
export function checkStatusCode(read: TReadNotification): void {
  if (!statusCodeFits(read.state, read.notification.status_code)) throw paymentErrors.inconsistentStatus();
}
