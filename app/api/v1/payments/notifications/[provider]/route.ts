import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/edge/api-handler";
import { applyPaymentNotification } from "@/lib/orders/apply-payment-notification";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

// POST /api/v1/payments/notifications/{provider}: the gateway's webhook (Midtrans HTTP notification
// format; the simulator sends the same). Authenticated by the notification's signature_key, not a token.
export const POST = apiHandler({ auth: "public" }, async ({ request, params }) => {
  const rawBody = (await request.text()).slice(0, MAX_BODY_BYTES);
  const result = await applyPaymentNotification({ provider: params.provider ?? "", rawBody });
  if (result.outcome === "REPLAY") {
    // A notification already processed (same signed fields): acknowledged as received, changes nothing,
    // and answered as a conflict so the sender can tell it apart from one that did something.
    return NextResponse.json(
      {
        received: true,
        ...result,
        error: {
          code: "NOTIFICATION_REPLAYED",
          message: "This notification was already processed; nothing was changed.",
          messageId: "Notifikasi ini sudah diproses sebelumnya; tidak ada yang diubah.",
        },
      },
      { status: 409 },
    );
  }
  return NextResponse.json({ received: true, ...result });
});
