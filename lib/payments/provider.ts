import "server-only";
// What the purchase area needs from a payment gateway. Two implementations: the Midtrans Core API
// adapter and the local QRIS simulator (the default). Notifications from both are checked by the same
// webhook code (lib/payments/read-notification.ts) with the provider's server key.
import { env } from "@/lib/env";
import type { TProviderName } from "./notification";
import type { TPaymentProvider } from "./types";
import { midtransProvider } from "./midtrans/midtrans-provider";
import { simulatorProvider } from "./simulator/simulator-provider";

const providers: Record<TProviderName, TPaymentProvider> = { simulator: simulatorProvider, midtrans: midtransProvider };

export function getProvider(name: TProviderName): TPaymentProvider {
  return providers[name];
}

export function activeProvider(): TPaymentProvider {
  return providers[env().payment.provider];
}


export type { TCharge, TPaymentProvider, TProviderStatus } from "./types";
export { paymentErrors } from "./payment-errors";
