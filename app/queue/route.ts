// /queue, the waiting page: an HTML string from a route handler (like /status), not a React page, so
// thousands of waiting people cost next to nothing. No database: the proxy polled the queue for this
// request and passes the result in a request header.
import { localeFromCookie } from "@/lib/i18n/define-messages";
import { areaFrom, QUEUE_STATE_HEADER, safeQueueNext } from "@/lib/queue/http-identity";
import type { TQueueView } from "@/lib/queue/queue-view";
import { renderWaitingPage } from "@/lib/queue/render-waiting-page";
import type { RefusalReason } from "@/lib/queue/types";

export const dynamic = "force-dynamic";

const REASONS: RefusalReason[] = ["forged", "binding_mismatch", "expired", "ip_limit"];

export function GET(request: Request) {
  const url = new URL(request.url);
  const area = areaFrom(url.searchParams.get("area")) ?? "buy";
  const next = safeQueueNext(url.searchParams.get("next"), area);
  const locale = localeFromCookie(request.headers);
  let view: TQueueView = { state: "none", area };
  try {
    const raw = request.headers.get(QUEUE_STATE_HEADER);
    if (raw) view = JSON.parse(raw) as TQueueView;
  } catch {
    // unreadable: shown as "not in a queue"
  }
  const refused = REASONS.find((r) => r === url.searchParams.get("refused"));
  const html = renderWaitingPage({ view, area, next, locale, refused });
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
