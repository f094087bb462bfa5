import "server-only";
import { randomUUID } from "node:crypto";
import type { TPaymentProvider } from "@/lib/payments/types";
import { buildQrisString } from "./build-qris-string";
import { gatewayTime, readSimTransaction, writeSimTransaction } from "./simulator-gateway";
import { getSimulatorServerKey } from "./simulator-key";

/** The local QRIS simulator, the default provider: no network, same notification format and webhook. */
export const simulatorProvider: TPaymentProvider = {
  name: "simulator",

  async createCharge({ orderId, amount }) {
    const existing = await readSimTransaction(orderId);
    const transactionId = existing?.transactionId ?? randomUUID();
    if (!existing) await writeSimTransaction({ orderId, transactionId, transactionStatus: "pending", grossAmount: amount, transactionTime: gatewayTime() });
    return { providerRef: transactionId, qrString: buildQrisString({ orderId, amount }) };
  },

  async getStatus(orderId) {
    const tx = await readSimTransaction(orderId);
    if (!tx) return null;
    const state = tx.transactionStatus === "settlement" ? "paid" : tx.transactionStatus === "pending" ? "pending" : tx.transactionStatus === "expire" ? "expired" : "failed";
    return { state, transactionId: tx.transactionId, transactionStatus: tx.transactionStatus, grossAmount: tx.grossAmount };
  },

  serverKey: () => getSimulatorServerKey(),
};
