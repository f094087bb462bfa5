import { sameOriginPath } from "@/lib/http/same-origin-path";
import { seeOther } from "@/lib/http/see-other";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/define-messages";

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const locale = form?.get("locale");
  // Only a path on this portal: anything else would make this an open redirect.
  const target = sameOriginPath(form?.get("back"));
  const cookie = isLocale(locale) ? { "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` } : undefined;
  return seeOther(target, cookie);
}
