"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientIpFrom } from "@/lib/http/client-ip";
import { sessionCookieOptions, SESSION_COOKIE } from "@/lib/auth/session";
import { signIn } from "@/lib/auth/sign-in";
import { actionError, safeNext, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";

const ZSignIn = z.object({ email: z.string().max(254), password: z.string().max(200), next: z.string().max(500).optional() });

export async function signInAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const parsed = ZSignIn.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, error: locale === "id" ? "E-mail atau kata sandi salah." : "Wrong e-mail or password." };
  const h = await headers();
  let next: string;
  try {
    const result = await signIn({ email: parsed.data.email, password: parsed.data.password, ip: clientIpFrom(h), userAgent: h.get("user-agent") });
    (await cookies()).set(SESSION_COOKIE, result.token, sessionCookieOptions(result.expiresAt));
    next = parsed.data.next ? safeNext(parsed.data.next) : result.user.role === "OPERATOR" ? "/admin" : result.user.role === "VERIFIER" ? "/verify" : "/account";
  } catch (error) {
    return actionError(error, locale);
  }
  redirect(next);
}
