import { requestIp } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { seeOther } from "@/lib/http/see-other";
import { hit, limits } from "@/lib/rate-limit";
import { getStatusState } from "@/lib/status/status-cache";
import { renderStatusHtml } from "@/lib/status/render-status-html";
import { requestLocale } from "@/lib/status/routes";
import { parseSubscription, subscribe } from "@/lib/status/subscriptions/subscribe";
import { statusMessages } from "@/lib/i18n/messages/status";

// The subscribe form of /status (plain HTML form, works without JavaScript), rate-limited per IP.
export async function POST(request: Request) {
  const ip = await requestIp();
  if (!hit(`status-subscribe:${ip}`, limits.subscribePerIp).allowed) return seeOther("/status?notice=error#subscribe");
  const form = await request.formData().catch(() => null);
  try {
    const input = parseSubscription({ kind: form?.get("kind"), target: form?.get("target") });
    const result = await subscribe(input);
    if (input.kind === "EMAIL" || !result.secret) return seeOther("/status?notice=subscribed#subscribe");
    // The webhook's HMAC secret is shown once, in this response only (never in a URL).
    const locale = requestLocale(request);
    const html = renderStatusHtml(await getStatusState(), { locale, mode: "live", notice: { ok: true, text: statusMessages[locale].subscribedWebhook, secret: result.secret } });
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  } catch (error) {
    if (!isAppError(error) || error.code === "INVALID_INPUT") return seeOther("/status?notice=error#subscribe");
    // A reason the person can act on (a webhook on a private address, a host that does not exist).
    const locale = requestLocale(request);
    const html = renderStatusHtml(await getStatusState(), { locale, mode: "live", notice: { ok: false, text: error.userMessage[locale] } });
    return new Response(html, { status: error.status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  }
}
