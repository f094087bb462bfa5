import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { apiHandler } from "@/lib/http/api-handler";
import { areaFrom, presentedTokens, QUEUE_TOKEN_HEADER, queueSessionCookie, queueTicketCookie, safeQueueNext, visitorFromHeaders } from "@/lib/queue/http-identity";
import { portalQueue } from "@/lib/queue/portal-waiting-room";
import { toQueueView, type TQueueView } from "@/lib/queue/queue-view";

export const dynamic = "force-dynamic";

const cookie = { httpOnly: true, sameSite: "lax" as const, path: "/" };

// GET /api/v1/queue/ticket?area=buy&next=/buy: the waiting page's poll (cookie) or a program's
// (X-Queue-Ticket header). Keeps the ticket alive; once admitted, sets the session cookie and returns
// the session token in X-Queue-Ticket. No database access.
export const GET = apiHandler({ auth: "public" }, async ({ request }) => {
  const url = new URL(request.url);
  const area = areaFrom(url.searchParams.get("area")) ?? "buy";
  const next = safeQueueNext(url.searchParams.get("next"), area);
  const { ticketToken } = presentedTokens(request.headers, area);
  const noStore = { "Cache-Control": "no-store" };
  if (!ticketToken) return NextResponse.json({ state: "none", area } satisfies TQueueView, { headers: noStore });
  const { room } = await portalQueue();
  const result = await room.poll({ area, visitor: visitorFromHeaders(request.headers).visitor, ticketToken });
  const response = NextResponse.json(toQueueView(result, area, next), { headers: noStore });
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
