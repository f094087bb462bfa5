import "server-only";
// The waiting room's public routes, as plain (Request) => Response handlers: app/ re-exports them, and
// the front door (lib/server/front-door.ts) answers them itself without Next's routing, so thousands of
// waiting people cost next to nothing. None of them touches the database.
import { env } from "@/lib/env";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { localeFromCookie } from "@/lib/i18n/define-messages";
import { getQueueSummaries } from "./get-queue-summaries";
import { areaFrom, presentedTokens, QUEUE_STATE_HEADER, QUEUE_TOKEN_HEADER, queueSessionCookie, queueTicketCookie, safeQueueNext, visitorFromHeaders } from "./http-identity";
import { portalQueue } from "./portal-waiting-room";
import { ZAreaQuery, ZQueueSummaries, ZQueueView, type TQueueView } from "./api-schemas";
import { toQueueView } from "./queue-view";
import { renderWaitingPage } from "./render-waiting-page";
import { scriptNonce } from "@/lib/http/security-headers.mjs";
import { REFUSAL_REASONS } from "./types";

/**
 * GET /queue, the waiting page: an HTML string, not a React page. The guard polled the queue for this
 * request and passes the result in a request header (which the front door strips from what clients send).
 */
export function waitingPageRoute(request: Request): Response {
  const url = new URL(request.url);
  const area = areaFrom(url.searchParams.get("area")) ?? "buy";
  const next = safeQueueNext(url.searchParams.get("next"), area);
  const locale = localeFromCookie(request.headers);
  // Unreadable (it should not be: the guard wrote it): shown as "not in a queue".
  const view = readStoredJsonOr<TQueueView>(ZQueueView, request.headers.get(QUEUE_STATE_HEADER), { state: "none", area });
  const refused = REFUSAL_REASONS.find((r) => r === url.searchParams.get("refused"));
  const html = renderWaitingPage({ view, area, next, locale, refused, scriptNonce: scriptNonce(request.headers) });
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

const cookie = { httpOnly: true, sameSite: "lax" as const, path: "/" };

/**
 * GET /api/v1/queue/ticket?area=buy&next=/buy: the waiting page's poll (cookie) or a program's
 * (X-Queue-Ticket header). Keeps the ticket alive; once admitted, sets the session cookie and returns
 * the session token in X-Queue-Ticket.
 */
export const pollTicketRoute = apiHandler({ auth: "public" }, async ({ request }) => {
  const url = new URL(request.url);
  const { area } = ZAreaQuery.parse({ area: url.searchParams.get("area") });
  const next = safeQueueNext(url.searchParams.get("next"), area);
  const { ticketToken } = presentedTokens(request.headers, area);
  const noStore = { "Cache-Control": "no-store" };
  if (!ticketToken) return jsonResponse(ZQueueView, { state: "none", area }, { headers: noStore });
  const { room } = await portalQueue();
  const result = await room.poll({ area, visitor: visitorFromHeaders(request.headers).visitor, ticketToken });
  const response = jsonResponse(ZQueueView, toQueueView(result, area, next), { headers: noStore });
  const secure = env().secureCookies;
  if (result.state === "admitted") {
    response.cookies.set(queueSessionCookie(area), result.sessionToken, { ...cookie, secure });
    response.cookies.delete(queueTicketCookie(area));
    response.headers.set(QUEUE_TOKEN_HEADER, result.sessionToken);
  } else if (result.state === "refused") {
    response.cookies.delete(queueTicketCookie(area));
  }
  return response;
});

/** GET /api/v1/queue: each protected area's queue length and estimated wait (public). */
export const queueSummaryRoute = apiHandler({ auth: "public" }, async () => {
  const areas = await getQueueSummaries();
  return jsonResponse(ZQueueSummaries, { areas, updatedAt: new Date().toISOString() }, { headers: { "Cache-Control": "public, max-age=5" } });
});
