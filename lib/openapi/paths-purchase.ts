// Buying stamps: orders, quota, the QRIS simulator and the payment webhook.
import { errorResponse, json, ref, type TOpenApiArea } from "./types";

const orderId = { name: "id", in: "path", required: true, schema: { type: "string" } };
const authErrors = { "401": errorResponse("Missing or invalid Bearer token."), "429": errorResponse("Too many requests.") };

export const purchaseArea: TOpenApiArea = {
  tag: { name: "purchase", description: "Orders, payment and the quota ledger." },
  schemas: {
    Order: {
      type: "object",
      required: ["id", "status", "quantity", "amount", "payment"],
      properties: {
        id: { type: "string" },
        status: { type: "string", enum: ["PENDING", "PAID", "CREDITED", "EXPIRED", "FAILED", "REFUND_REQUESTED", "REFUNDED"] },
        quantity: { type: "integer", minimum: 1 },
        unitPrice: { type: "integer", description: "Rupiah per stamp." },
        serviceFee: { type: "integer", description: "Rupiah per stamp." },
        amount: { type: "integer", description: "Total in rupiah." },
        currency: { const: "IDR" },
        createdAt: { type: "string", format: "date-time" },
        paidAt: { type: ["string", "null"], format: "date-time" },
        creditedAt: { type: ["string", "null"], format: "date-time" },
        refundUnits: { type: "integer" },
        payment: {
          type: "object",
          required: ["provider", "qrString", "expiresAt"],
          properties: {
            provider: { type: "string", enum: ["simulator", "midtrans"] },
            qrString: { type: ["string", "null"], description: "The QRIS payload to render as a QR code." },
            expiresAt: { type: "string", format: "date-time" },
          },
        },
      },
    },
    QuotaBalance: {
      type: "object",
      required: ["available", "reserved"],
      properties: { available: { type: "integer", minimum: 0 }, reserved: { type: "integer", minimum: 0 } },
    },
    PaymentNotification: {
      type: "object",
      description: "Midtrans HTTP notification format. signature_key = SHA512(order_id + status_code + gross_amount + server_key), hex.",
      required: ["order_id", "status_code", "gross_amount", "signature_key", "transaction_status", "transaction_id"],
      properties: {
        order_id: { type: "string" },
        status_code: { type: "string", examples: ["200"] },
        gross_amount: { type: "string", examples: ["37500.00"] },
        signature_key: { type: "string", pattern: "^[0-9a-fA-F]{128}$" },
        transaction_status: { type: "string", examples: ["settlement", "pending", "expire", "deny", "cancel", "capture", "refund"] },
        transaction_id: { type: "string" },
        fraud_status: { type: "string" },
        payment_type: { type: "string", examples: ["qris"] },
      },
    },
    NotificationResult: {
      type: "object",
      required: ["received", "outcome", "orderId", "orderStatus"],
      properties: {
        received: { const: true },
        outcome: { type: "string", examples: ["CREDITED", "CREDITED_LATE", "REPLAY", "DUPLICATE", "FAILED", "EXPIRED", "IGNORED_AFTER_PAYMENT", "PENDING"] },
        orderId: { type: "string" },
        orderStatus: { type: "string" },
      },
    },
    SimulatedPayment: {
      type: "object",
      required: ["orderId", "transactionId", "delivered"],
      properties: {
        orderId: { type: "string" },
        transactionId: { type: "string" },
        delivered: { type: "boolean", description: "Whether the webhook accepted the simulator's notification." },
        webhookStatus: { type: ["integer", "null"] },
        orderStatus: { type: ["string", "null"] },
      },
    },
  },
  paths: {
    "/api/v1/orders": {
      post: {
        operationId: "createOrder",
        summary: "Order stamps (opens a QRIS payment)",
        description: "Idempotent: the same Idempotency-Key returns the same order (200); the same key with another quantity is a 409.",
        tags: ["purchase"],
        parameters: [{ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string", minLength: 8, maxLength: 200 } }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", required: ["quantity"], properties: { quantity: { type: "integer", minimum: 1, description: "At most ORDER_MAX_QUANTITY (default 100)." } } } } },
        },
        responses: {
          "201": json(ref("Order"), "Order created."),
          "200": json(ref("Order"), "The order this Idempotency-Key created earlier."),
          "400": errorResponse("Invalid quantity, missing Idempotency-Key or malformed JSON."),
          "409": errorResponse("Idempotency-Key reused with another quantity."),
          "415": errorResponse("Body is not application/json."),
          "502": errorResponse("The payment gateway could not be reached."),
          ...authErrors,
        },
      },
    },
    "/api/v1/orders/{id}": {
      get: {
        operationId: "getOrder",
        summary: "One of your orders",
        tags: ["purchase"],
        parameters: [orderId],
        responses: { "200": json(ref("Order"), "The order."), "404": errorResponse("No such order of yours."), ...authErrors },
      },
    },
    "/api/v1/quota": {
      get: {
        operationId: "getQuota",
        summary: "Your stamp quota",
        tags: ["purchase"],
        responses: { "200": json(ref("QuotaBalance"), "Units available to affix, and units reserved by affixing in progress."), ...authErrors },
      },
    },
    "/api/v1/payments/simulator/{orderId}/pay": {
      post: {
        operationId: "paySimulatedOrder",
        summary: "Pay an order in the local QRIS simulator",
        description: "Exists only while the simulator is the active payment provider (404 otherwise). The simulator sends its signed notification to the webhook.",
        tags: ["purchase"],
        parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": json(ref("SimulatedPayment"), "Paid; the webhook accepted the notification."),
          "202": json(ref("SimulatedPayment"), "Paid; the notification was not delivered yet (reconciliation completes the order)."),
          "404": errorResponse("Simulator inactive, or no such order of yours."),
          "409": errorResponse("The order can no longer be paid (expired or failed)."),
          ...authErrors,
        },
      },
    },
    "/api/v1/payments/notifications/{provider}": {
      post: {
        operationId: "receivePaymentNotification",
        summary: "Payment gateway webhook",
        description: "Authenticated by signature_key. A replayed notification is answered 200 with outcome REPLAY and changes nothing.",
        tags: ["purchase"],
        security: [],
        parameters: [{ name: "provider", in: "path", required: true, schema: { type: "string", enum: ["simulator", "midtrans"] } }],
        requestBody: { required: true, content: { "application/json": { schema: ref("PaymentNotification") } } },
        responses: {
          "200": json(ref("NotificationResult"), "Accepted and applied (or recorded as ignored, e.g. a deny after payment)."),
          "400": errorResponse("Malformed JSON, missing fields, or status_code not fitting transaction_status."),
          "401": errorResponse("Unsigned or forged notification."),
          "404": errorResponse("Unknown order or provider."),
          "409": errorResponse("NOTIFICATION_REPLAYED: this exact notification was already processed (nothing changed; the body also carries outcome REPLAY), or the order is paid through another provider."),
          "422": errorResponse("The amount differs from the order's total."),
        },
      },
    },
  },
};
