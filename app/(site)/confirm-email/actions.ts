"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createSession, sessionCookieOptions, SESSION_COOKIE } from "@/lib/auth/session";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { commonErrors } from "@/lib/errors";
import { clientIpFrom } from "@/lib/http/client-ip";
import { getLocale } from "@/lib/i18n/locale";
import { hit, limits } from "@/lib/rate-limit";
import { confirmEmail } from "@/lib/users/confirm-email";

const ZConfirm = z.object({ token: z.string().max(200), password: z.string().max(200) });

/** The confirmation link's form: the token from the link and the registration's password; signs in on success. */
export async function confirmEmailAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const parsed = ZConfirm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return actionError(commonErrors.invalidData(), locale);
  const h = await headers();
  const ip = clientIpFrom(h);
  try {
    // A password check like signing in: it counts toward the same per-address limit.
    const limit = hit(`signin:ip:${ip}`, limits.signInPerIp);
    if (!limit.allowed) throw commonErrors.rateLimited(limit.retryAfterSeconds);
    const user = await confirmEmail({ token: parsed.data.token, password: parsed.data.password });
    const session = await createSession({ userId: user.id, ip, userAgent: h.get("user-agent") });
    (await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(session.expiresAt));
  } catch (error) {
    return actionError(error, locale);
  }
  redirect("/account");
}
