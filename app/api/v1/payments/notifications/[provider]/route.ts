import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZNotificationParams, ZNotificationResult } from "@/lib/orders/api-schemas";
import { applyPaymentNotification } from "@/lib/orders/apply-payment-notification";
import { paymentErrors } from "@/lib/payments/payment-errors";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

// POST /api/v1/payments/notifications/{provider}: the gateway's webhook (Midtrans HTTP notification
// format; the simulator sends the same). Authenticated by the notification's signature_key, not a token.
// A notification already processed (the same signed fields) is acknowledged with 200 and outcome REPLAY
// and changes nothing: a gateway retries any other answer for days.
export const POST = apiHandler({ auth: "public", params: ZNotificationParams, invalidParams: paymentErrors.unknownProvider }, async ({ request, params }) => {
  const rawBody = (await request.text()).slice(0, MAX_BODY_BYTES);
  const result = await applyPaymentNotification({ provider: params.provider, rawBody });
  return jsonResponse(ZNotificationResult, { received: true, ...result });
});
