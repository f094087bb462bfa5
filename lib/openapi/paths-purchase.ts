// Buying stamps: orders, quota, the QRIS simulator and the payment webhook.
import { ZIdempotencyKey } from "@/lib/edge/idempotency-key";
import { ZNotificationParams, ZNotificationResult, ZOrderParams, ZPayOrderParams, ZSimulatedPayment } from "@/lib/orders/api-schemas";
import { createOrderBody } from "@/lib/orders/create-order";
import { ZApiOrder } from "@/lib/orders/order-view";
import { ZNotification } from "@/lib/payments/notification";
import { ZQuotaBalance } from "@/lib/quota/quota-balance";
import { errorResponse, json, type TOpenApiArea } from "./types";

const authErrors = { "401": errorResponse("Missing or invalid Bearer token."), "429": errorResponse("Too many requests.") };
export const idempotencyKeyHeader = { name: "Idempotency-Key", required: true, schema: ZIdempotencyKey };

export const purchaseArea = (): TOpenApiArea => ({
  tag: { name: "purchase", description: "Orders, payment and the quota ledger." },
  schemas: { Order: ZApiOrder, QuotaBalance: ZQuotaBalance, NotificationResult: ZNotificationResult, SimulatedPayment: ZSimulatedPayment },
  paths: {
    "/api/v1/orders": {
      post: {
        operationId: "createOrder",
        summary: "Order stamps (opens a QRIS payment)",
        description: "Idempotent: the same Idempotency-Key returns the same order (200); the same key with another quantity is a 409.",
        tags: ["purchase"],
        headers: [idempotencyKeyHeader],
        body: createOrderBody(),
        responses: {
          "201": json(ZApiOrder, "Order created."),
          "200": json(ZApiOrder, "The order this Idempotency-Key created earlier."),
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
        params: ZOrderParams,
        responses: { "200": json(ZApiOrder, "The order."), "404": errorResponse("No such order of yours."), ...authErrors },
      },
    },
    "/api/v1/quota": {
      get: {
        operationId: "getQuota",
        summary: "Your stamp quota",
        tags: ["purchase"],
        responses: { "200": json(ZQuotaBalance, "Units available to affix, and units reserved by affixing in progress."), ...authErrors },
      },
    },
    "/api/v1/payments/simulator/{orderId}/pay": {
      post: {
        operationId: "paySimulatedOrder",
        summary: "Pay an order in the local QRIS simulator",
        description: "Exists only while the simulator is the active payment provider (404 otherwise). The simulator sends its signed notification to the webhook.",
        tags: ["purchase"],
        params: ZPayOrderParams,
        responses: {
          "200": json(ZSimulatedPayment, "Paid; the webhook accepted the notification."),
          "202": json(ZSimulatedPayment, "Paid; the notification was not delivered yet (reconciliation completes the order)."),
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
        description:
          "Midtrans HTTP notification format, authenticated by signature_key = SHA512(order_id + status_code + gross_amount + server_key), hex. " +
          "A replayed notification is answered 200 with outcome REPLAY and changes nothing.",
        tags: ["purchase"],
        security: [],
        params: ZNotificationParams,
        body: ZNotification,
        responses: {
          "200": json(ZNotificationResult, "Accepted and applied, recorded as ignored (e.g. a deny after payment), or a replay (outcome REPLAY) that changed nothing."),
          "400": errorResponse("Malformed JSON, missing fields, or status_code not fitting transaction_status."),
          "401": errorResponse("Unsigned or forged notification."),
          "404": errorResponse("Unknown order or provider."),
          "409": errorResponse("The order is paid through another provider."),
          "422": errorResponse("The amount differs from the order's total."),
        },
      },
    },
  },
});
