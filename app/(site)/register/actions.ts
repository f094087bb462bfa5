"use server";
import { headers } from "next/headers";
import { clientIpFrom } from "@/lib/http/client-ip";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { hit, limits } from "@/lib/rate-limit";
import { kickDeliveries } from "@/lib/status/subscriptions/process-deliveries";
import { registerApplicant, registrationAccepted, registrationErrors, ZRegistration } from "@/lib/users/register-applicant";

/** Answers the same whether or not the address has an account; nobody is signed in until the address is confirmed. */
export async function registerAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const parsed = ZRegistration.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "email") as keyof typeof registrationErrors;
    return { ok: false, error: (registrationErrors[field] ?? registrationErrors.email)[locale] };
  }
  const ip = clientIpFrom(await headers());
  const limit = hit(`register:ip:${ip}`, limits.registerPerIp);
  if (!limit.allowed) return { ok: false, error: locale === "id" ? "Terlalu banyak pendaftaran dari alamat ini. Coba lagi nanti." : "Too many registrations from this address. Try again later." };
  try {
    await registerApplicant(parsed.data);
  } catch (error) {
    return actionError(error, locale);
  }
  // The e-mail goes out with the status e-mail (SMTP), or waits in the operators' outbox without it.
  kickDeliveries();
  return { ok: true, message: registrationAccepted[locale] };
}
