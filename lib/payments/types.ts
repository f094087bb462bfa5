import type { TPaymentState, TProviderName } from "./notification";

export type TCharge = { providerRef: string | null; qrString: string };

export type TProviderStatus = {
  state: TPaymentState;
  transactionId: string | null;
  transactionStatus: string;
  grossAmount: number;
};

export type TPaymentProvider = {
  name: TProviderName;
  /** Opens a QRIS payment for the order at the gateway. */
  createCharge(input: { orderId: string; amount: number; expiresAt: Date }): Promise<TCharge>;
  /** Asks the gateway what happened to the order's payment; null when the gateway has no such transaction. */
  getStatus(orderId: string): Promise<TProviderStatus | null>;
  /** The key notifications are signed with; null when this provider is not configured here. */
  serverKey(): Promise<string | null>;
};

