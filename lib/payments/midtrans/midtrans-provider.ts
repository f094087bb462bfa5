import "server-only";
// Midtrans Core API for QRIS: POST /v2/charge (payment_type "qris") returns qr_string and actions;
// GET /v2/{order_id}/status answers reconciliation. Basic auth with the server key as user name.
import { z } from "zod";
import { env } from "@/lib/env";
import { mapTransactionStatus, parseGrossAmount, verifySignature } from "@/lib/payments/notification";
import { paymentErrors } from "@/lib/payments/payment-errors";
import type { TPaymentProvider } from "@/lib/payments/types";

const ZChargeResponse = z.object({
  status_code: z.string(),
  status_message: z.string().optional(),
  transaction_id: z.string().optional(),
  qr_string: z.string().optional(),
  actions: z.array(z.object({ name: z.string(), method: z.string().optional(), url: z.string() })).optional(),
});

const ZStatusResponse = z.object({
  status_code: z.string(),
  status_message: z.string().optional(),
  transaction_id: z.string().optional(),
  transaction_status: z.string().optional(),
  fraud_status: z.string().optional(),
  gross_amount: z.string().optional(),
  order_id: z.string().optional(),
  signature_key: z.string().optional(),
});

function config() {
  const { midtransServerKey, midtransApiUrl } = env().payment;
  if (!midtransServerKey) throw paymentErrors.gateway("MIDTRANS_SERVER_KEY is not set");
  return { key: midtransServerKey, url: midtransApiUrl };
}

async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const { key, url } = config();
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw paymentErrors.gateway((error as Error).message);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw paymentErrors.gateway(`HTTP ${response.status}: not JSON`);
  }
}

export const midtransProvider: TPaymentProvider = {
  name: "midtrans",

  async createCharge({ orderId, amount, expiresAt }) {
    const minutes = Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 60_000));
    const raw = await call("POST", "/v2/charge", {
      payment_type: "qris",
      transaction_details: { order_id: orderId, gross_amount: amount },
      qris: { acquirer: "gopay" },
      custom_expiry: { expiry_duration: minutes, unit: "minute" },
    });
    const parsed = ZChargeResponse.safeParse(raw);
    if (!parsed.success || parsed.data.status_code !== "201") {
      throw paymentErrors.gateway(`charge refused: ${parsed.success ? `${parsed.data.status_code} ${parsed.data.status_message ?? ""}` : "unexpected response"}`);
    }
    // qr_string is the QRIS payload to render; older responses only link a QR image in actions.
    const qrString = parsed.data.qr_string ?? parsed.data.actions?.find((a) => a.name === "generate-qr-code")?.url;
    if (!qrString) throw paymentErrors.gateway("charge response has no qr_string");
    return { providerRef: parsed.data.transaction_id ?? null, qrString };
  },

  async getStatus(orderId) {
    const raw = await call("GET", `/v2/${encodeURIComponent(orderId)}/status`);
    const parsed = ZStatusResponse.safeParse(raw);
    if (!parsed.success) throw paymentErrors.gateway("unexpected status response");
    const s = parsed.data;
    if (s.status_code === "404" || !s.transaction_status) return null;
    // The status response is signed like a notification; refuse one that is not (a proxy in the way, a wrong key).
    if (s.signature_key && s.gross_amount && !verifySignature({ order_id: orderId, status_code: s.status_code, gross_amount: s.gross_amount, signature_key: s.signature_key }, config().key)) {
      throw paymentErrors.gateway("status response signature does not match");
    }
    return {
      state: mapTransactionStatus(s.transaction_status, s.fraud_status),
      transactionId: s.transaction_id ?? null,
      transactionStatus: s.transaction_status,
      grossAmount: s.gross_amount ? parseGrossAmount(s.gross_amount) : Number.NaN,
    };
  },

  async serverKey() {
    return env().payment.midtransServerKey ?? null;
  },
};

