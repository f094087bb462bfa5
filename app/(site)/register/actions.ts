"use server";
import { headers } from "next/headers";
import { clientIpFrom } from "@/lib/http/client-ip";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { hit, limits } from "@/lib/rate-limit";
import { kickDeliveries } from "@/lib/status/subscriptions/process-deliveries";
import { registerApplicant, registrationAccepted, ZRegistration } from "@/lib/users/register-applicant";
import { accountFieldError, accountFieldErrors, registrationLimited } from "@/lib/users/user-errors";

/** Answers the same whether or not the address has an account; nobody is signed in until the address is confirmed. */
export async function registerAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const parsed = ZRegistration.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return { ok: false, error: (accountFieldError(parsed.error.issues[0]?.path[0]) ?? accountFieldErrors.email)[locale] };
  }
  const ip = clientIpFrom(await headers());
  const limit = hit(`register:ip:${ip}`, limits.registerPerIp);
  if (!limit.allowed) return { ok: false, error: registrationLimited[locale] };
  try {
    await registerApplicant(parsed.data);
  } catch (error) {
    return actionError(error, locale);
  }
  // The e-mail goes out with the status e-mail (SMTP), or waits in the operators' outbox without it.
  kickDeliveries();
  return { ok: true, message: registrationAccepted[locale] };
}
