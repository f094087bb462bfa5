import { NextResponse } from "next/server";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/define-messages";

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const locale = form?.get("locale");
  const back = String(form?.get("back") ?? "/");
  // Only same-site paths: "//evil.example" or "https://…" would make this an open redirect.
  const target = back.startsWith("/") && !back.startsWith("//") ? back : "/";
  const response = NextResponse.redirect(new URL(target, request.url), 303);
  if (isLocale(locale)) {
    response.cookies.set(LOCALE_COOKIE, locale, { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600, httpOnly: false });
  }
  return response;
}
