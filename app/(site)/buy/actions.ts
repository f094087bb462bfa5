"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { ZIdempotencyKey } from "@/lib/edge/idempotency-key";
import { createOrder, formQuantity, invalidQuantity } from "@/lib/orders/create-order";
import { orderErrors } from "@/lib/orders/order-errors";
import { payWithSimulator } from "@/lib/orders/pay-with-simulator";
import { releaseQueueSessionFromCookies } from "@/lib/queue/release-queue-session-action";

/** The buy form: creates the order (idempotent per form render) and goes to its payment page. */
export async function createOrderAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const user = await requireActionUser();
  if (!user) return actionError(commonErrors.unauthenticated(), locale);
  let orderId: string;
  try {
    const key = ZIdempotencyKey.safeParse(form.get("idempotencyKey"));
    if (!key.success) throw orderErrors.idempotencyKeyRequired();
    const quantity = formQuantity().safeParse(form.get("quantity"));
    if (!quantity.success) throw invalidQuantity();
    const { order } = await createOrder({ userId: user.id, actor: { id: user.id, label: user.email }, quantity: quantity.data, idempotencyKey: key.data });
    orderId = order.id;
  } catch (error) {
    return actionError(error, locale);
  }
  redirect(`/buy/${orderId}`);
}

/** The simulator's "Bayar / Pay" button on the payment page. */
export async function payWithSimulatorAction(form: FormData): Promise<void> {
  const user = await requireActionUser();
  const orderId = String(form.get("orderId") ?? "").slice(0, 100);
  if (!user) redirect(`/sign-in?next=/buy/${encodeURIComponent(orderId)}`);
  let delivered = true;
  try {
    delivered = (await payWithSimulator({ orderId, viewer: { id: user.id, role: user.role } })).delivered;
    // The purchase is complete: free the place in the waiting room for the next person in line.
    if (delivered) await releaseQueueSessionFromCookies("buy");
  } catch (error) {
    console.error("[buy] simulator payment refused", (error as Error).message);
  }
  revalidatePath(`/buy/${orderId}`);
  redirect(`/buy/${orderId}${delivered ? "" : "?pending=1"}`);
}
