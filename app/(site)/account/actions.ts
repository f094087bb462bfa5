"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { accountMessages } from "@/lib/i18n/messages/account";
import { kickDeliveries } from "@/lib/status/subscriptions/process-deliveries";
import { resendConfirmation } from "@/lib/users/resend-confirmation";

export async function createTokenAction(_prev: TActionResult<{ secret: string }> | null, form: FormData): Promise<TActionResult<{ secret: string }>> {
  const locale = await getLocale();
  const user = await requireActionUser();
  if (!user) return actionError(commonErrors.unauthenticated(), locale);
  try {
    const token = await createApiToken({ userId: user.id, name: String(form.get("name") ?? ""), actor: { id: user.id, label: user.email } });
    revalidatePath("/account");
    return { ok: true, data: { secret: token.secret } };
  } catch (error) {
    return actionError(error, locale);
  }
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const user = await requireActionUser();
  if (!user) return;
  const tokenId = z.string().max(64).safeParse(form.get("tokenId"));
  if (!tokenId.success) return;
  await revokeApiToken({ userId: user.id, tokenId: tokenId.data, actor: { id: user.id, label: user.email } }).catch(() => {});
  revalidatePath("/account");
}

/** "Send the link again", for a signed-in account whose address is not confirmed yet. */
export async function resendConfirmationAction(_prev: TActionResult | null, _form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const user = await requireActionUser();
  if (!user) return actionError(commonErrors.unauthenticated(), locale);
  try {
    await resendConfirmation({ userId: user.id });
  } catch (error) {
    return actionError(error, locale);
  }
  kickDeliveries();
  return { ok: true, message: accountMessages[locale].linkResent };
}
