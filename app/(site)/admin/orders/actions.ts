"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { getLocale } from "@/lib/i18n/locale";
import { decideRefund } from "@/lib/orders/decide-refund";
import { reconcileOrders } from "@/lib/orders/reconcile-orders";

export async function reconcileNowAction(_prev: TActionResult | null): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  try {
    const r = await reconcileOrders({ actor: { id: operator.id, label: operator.email } });
    revalidatePath("/admin/orders");
    return { ok: true, message: buyMessages[locale].reconcileDone(r.checked, r.credited, r.expired, r.errors.length) };
  } catch (error) {
    return actionError(error, locale);
  }
}

const ZDecision = z.object({ orderId: z.string().min(1).max(100), decision: z.enum(["approve", "reject"]), note: z.string().trim().max(480).optional() });

export async function decideRefundAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  const parsed = ZDecision.safeParse({ orderId: form.get("orderId"), decision: form.get("decision"), note: form.get("note") || undefined });
  if (!parsed.success) return actionError(commonErrors.invalidData(), locale);
  try {
    await decideRefund({ orderId: parsed.data.orderId, approve: parsed.data.decision === "approve", actor: { id: operator.id, label: operator.email }, note: parsed.data.note });
    revalidatePath("/admin/orders");
    return { ok: true, message: buyMessages[locale].refundDecided };
  } catch (error) {
    return actionError(error, locale);
  }
}
