"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { getLocale } from "@/lib/i18n/locale";
import { requestRefund } from "@/lib/orders/request-refund";

const ZRefund = z.object({ orderId: z.string().min(1).max(100), reason: z.string().trim().max(500).optional() });

export async function requestRefundAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const user = await requireActionUser();
  if (!user) return actionError(commonErrors.unauthenticated(), locale);
  const parsed = ZRefund.safeParse({ orderId: form.get("orderId"), reason: form.get("reason") || undefined });
  if (!parsed.success) return actionError(commonErrors.invalidData(), locale);
  try {
    await requestRefund({ orderId: parsed.data.orderId, userId: user.id, actor: { id: user.id, label: user.email }, reason: parsed.data.reason });
    revalidatePath("/orders");
    return { ok: true, message: buyMessages[locale].refundRequested };
  } catch (error) {
    return actionError(error, locale);
  }
}
