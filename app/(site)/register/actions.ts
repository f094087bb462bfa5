"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIpFrom } from "@/lib/http/client-ip";
import { createSession, sessionCookieOptions, SESSION_COOKIE } from "@/lib/auth/session";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { hit, limits } from "@/lib/rate-limit";
import { registerApplicant, registrationErrors, ZRegistration } from "@/lib/users/register-applicant";

export async function registerAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const parsed = ZRegistration.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "email") as keyof typeof registrationErrors;
    return { ok: false, error: (registrationErrors[field] ?? registrationErrors.email)[locale] };
  }
  const h = await headers();
  const ip = clientIpFrom(h);
  const limit = hit(`register:ip:${ip}`, limits.registerPerIp);
  if (!limit.allowed) return { ok: false, error: locale === "id" ? "Terlalu banyak pendaftaran dari alamat ini. Coba lagi nanti." : "Too many registrations from this address. Try again later." };
  try {
    const user = await registerApplicant(parsed.data);
    const session = await createSession({ userId: user.id, ip, userAgent: h.get("user-agent") });
    (await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(session.expiresAt));
  } catch (error) {
    return actionError(error, locale);
  }
  redirect("/account");
}
