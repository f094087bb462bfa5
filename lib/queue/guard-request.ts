// The waiting room at the HTTP edge (called by the front door, lib/server/front-door.ts, for every
// guarded request before Next sees it). Cheap by design: no database, one or two store commands, so
// joining and polling the queue stays possible even when the rest of the portal is overloaded.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { queueMessages } from "@/lib/i18n/messages/queue";
import { decideAdmission } from "./admission";
import {
  areaFrom,
  classifyRequest,
  hasVerifiedCaller,
  isScriptRequest,
  presentedTokens,
  QUEUE_BROWSER_COOKIE,
  QUEUE_STATE_HEADER,
  QUEUE_TOKEN_HEADER,
  queueSessionCookie,
  queueTicketCookie,
  safeQueueNext,
  visitorFromHeaders,
  type TQueueRoute,
} from "./http-identity";
import { portalQueue } from "./portal-waiting-room";
import type { TQueueWaiting } from "./api-schemas";
import { retryAfterSeconds, toQueueView, type TQueueView } from "./queue-view";
import type { Area, RefusalReason, Visitor } from "./types";

const SHED_RETRY_AFTER_SECONDS = 10;

/** Marks the guard's "let it through" answer; never sent. Its cookies and headers go on the real response. */
export const GUARD_PASS_HEADER = "x-meterai-guard-pass";

export const isGuardPass = (response: Response) => response.headers.get(GUARD_PASS_HEADER) === "1";

/** On a pass: the request carries an admitted waiting-room session (the front door gives it priority). Never sent. */
export const GUARD_ADMITTED_HEADER = "x-meterai-admitted";

/** Lets the request through. Changes to the request's headers are made on the `requestHeaders` passed in. */
const passThrough = (admitted = false) => new NextResponse(null, { headers: { [GUARD_PASS_HEADER]: "1", ...(admitted ? { [GUARD_ADMITTED_HEADER]: "1" } : {}) } });

export { classifyRequest };

function cookieOptions(maxAgeSeconds?: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure: env().secureCookies, path: "/", ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  NextResponse.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

/** 503 + Retry-After (around 10 s, with jitter so that shed clients do not return in lockstep): JSON for programs, a tiny page for people. */
export function overloadedResponse(kind: "page" | "api"): NextResponse {
  const retryAfter = Math.round(SHED_RETRY_AFTER_SECONDS * (0.5 + Math.random()));
  const headers = { "Retry-After": String(retryAfter), "Cache-Control": "no-store" };
  if (kind === "api") {
    return json({ error: { code: "OVERLOADED", message: queueMessages.en.overloaded, messageId: queueMessages.id.overloaded, details: { retryAfterSeconds: retryAfter } } }, 503, headers);
  }
  // A tiny self-contained page: rendering the site layout is exactly the work being shed.
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="${retryAfter}"><title>${queueMessages.id.overloadedTitle}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><h1>${queueMessages.id.overloadedTitle} · ${queueMessages.en.overloadedTitle}</h1><p>${queueMessages.id.overloaded}</p><p lang="en">${queueMessages.en.overloaded}</p><p><a href="/status">Status</a></p></body></html>`;
  return new NextResponse(html, { status: 503, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

function withBrowserCookie(response: NextResponse, newBrowserId: string | null): NextResponse {
  if (newBrowserId) response.cookies.set(QUEUE_BROWSER_COOKIE, newBrowserId, cookieOptions(365 * 24 * 3600));
  return response;
}

/** The path to go on to after waiting (without Next's internal RSC cache-busting parameter). */
function requestedPath(request: NextRequest): string {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc");
  return url.pathname + url.search;
}

function waitingPagePath(area: Area, next: string, refused?: RefusalReason): string {
  const query = new URLSearchParams({ area, next });
  if (refused) query.set("refused", refused);
  return `/queue?${query}`;
}

/**
 * A 303 to a path on this site. The Location stays relative: NextRequest reports 127.0.0.1 as
 * "localhost", a different origin for the browser's cookies, and the browser resolves it against
 * the address it actually used.
 */
const seeOther = (path: string) => new NextResponse(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });

/**
 * Guards one request: returns an answer, or a pass (`isGuardPass`) whose cookies and headers go on the
 * response of whatever serves the request, with `requestHeaders` as that request's headers.
 * `overloaded`: the database could not be reached in time just now (lib/server/overload.ts): new heavy work is shed.
 */
export async function guardRequest(request: NextRequest, requestHeaders: Headers, overloaded: boolean): Promise<NextResponse> {
  const route = classifyRequest(request.method, request.nextUrl.pathname);
  const pass = passThrough;
  if (!route) return pass();

  if (route.kind === "heavy") {
    const decision = decideAdmission({ overloaded, admitted: false, isQueueEntry: false, retryAfterSeconds: SHED_RETRY_AFTER_SECONDS });
    return decision.action === "shed" ? overloadedResponse("api") : pass();
  }
  if (route.kind === "waiting-page") return waitingPage(request, requestHeaders);
  return protectedRequest(request, route, overloaded);
}

async function protectedRequest(
  request: NextRequest,
  route: Extract<TQueueRoute, { kind: "page" | "api" }>,
  overloaded: boolean,
): Promise<NextResponse> {
  const { area } = route;
  const queue = await portalQueue();
  const { room } = queue;
  const pass = passThrough;
  const settings = await queue.settings(area);
  const { sessionToken, ticketToken } = presentedTokens(request.headers, area);
  const isApi = route.kind === "api";

  if (!settings.enabled) {
    // Nothing is queued, so nobody is "admitted": under overload only earlier sessions continue.
    const decision = decideAdmission({ overloaded, admitted: Boolean(sessionToken), isQueueEntry: false });
    return decision.action === "shed" ? overloadedResponse(isApi ? "api" : "page") : pass();
  }
  // Programs without (valid) credentials are refused by the endpoint itself (401): no place in line for them.
  if (isApi && !hasVerifiedCaller(request.headers)) return pass();
  const { visitor, newBrowserId } = visitorFromHeaders(request.headers);
  // Link prefetches must not take a place in line; the real (document) navigation does.
  if (!isApi && request.method === "GET" && isScriptRequest(request.headers)) {
    const admitted = sessionToken ? (await room.touch({ area, visitor, sessionToken })).ok : false;
    return admitted ? pass(true) : new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  }
  if (overloaded && sessionToken) {
    const touched = await room.touch({ area, visitor, sessionToken });
    if (touched.ok) return pass(true);
  }
  const result = await room.arrive({ area, visitor, sessionToken, ticketToken });
  const next = requestedPath(request);

  if (result.state === "admitted") {
    const response = pass(true);
    if (result.sessionToken !== sessionToken) response.cookies.set(queueSessionCookie(area), result.sessionToken, cookieOptions());
    if (ticketToken) response.cookies.delete(queueTicketCookie(area));
    if (isApi) response.headers.set(QUEUE_TOKEN_HEADER, result.sessionToken);
    return withBrowserCookie(response, newBrowserId);
  }

  if (result.state === "waiting") {
    const retryAfter = retryAfterSeconds(result);
    let response: NextResponse;
    if (isApi || request.method !== "GET" && request.method !== "HEAD") {
      response = json(
        {
          position: result.position,
          ahead: result.ahead,
          estimatedWaitSeconds: result.estimatedWaitSeconds,
          retryAfterSeconds: retryAfter,
          phase: result.phase,
          area,
          error: { code: "QUEUE_WAITING", message: queueMessages.en.apiWaiting, messageId: queueMessages.id.apiWaiting },
        } satisfies TQueueWaiting,
        503,
        { "Retry-After": String(retryAfter), [QUEUE_TOKEN_HEADER]: result.ticketToken },
      );
    } else {
      response = seeOther(waitingPagePath(area, next));
    }
    response.cookies.set(queueTicketCookie(area), result.ticketToken, cookieOptions());
    if (sessionToken) response.cookies.delete(queueSessionCookie(area));
    return withBrowserCookie(response, newBrowserId);
  }

  // Refused: a forged or copied ticket is cleared (with an explanation); an IP over its cap waits outside.
  let response: NextResponse;
  if (isApi) {
    const ipLimit = result.reason === "ip_limit";
    response = json(
      { error: { code: ipLimit ? "QUEUE_IP_LIMIT" : "QUEUE_TICKET_REFUSED", message: ipLimit ? queueMessages.en.apiIpLimit : queueMessages.en.apiRefused, messageId: ipLimit ? queueMessages.id.apiIpLimit : queueMessages.id.apiRefused, details: { reason: result.reason } } },
      ipLimit ? 429 : 403,
      ipLimit ? { "Retry-After": "60" } : {},
    );
  } else {
    response = seeOther(waitingPagePath(area, next, result.reason));
  }
  response.cookies.delete(queueTicketCookie(area));
  if (sessionToken) response.cookies.delete(queueSessionCookie(area));
  return withBrowserCookie(response, newBrowserId);
}

/** /queue: admitted → straight on; waiting → the page renders the state passed in a request header. */
async function waitingPage(request: NextRequest, requestHeaders: Headers): Promise<NextResponse> {
  const area = areaFrom(request.nextUrl.searchParams.get("area")) ?? "buy";
  const next = safeQueueNext(request.nextUrl.searchParams.get("next"), area);
  const { room } = await portalQueue();
  const { visitor } = visitorFromHeaders(request.headers);
  const { sessionToken, ticketToken } = presentedTokens(request.headers, area);
  const pageWith = (view: TQueueView) => {
    requestHeaders.set(QUEUE_STATE_HEADER, JSON.stringify(view));
    return passThrough();
  };
  if (!ticketToken) {
    if (sessionToken && (await room.touch({ area, visitor, sessionToken })).ok) return seeOther(next);
    return pageWith({ state: "none", area });
  }
  const result = await room.poll({ area, visitor, ticketToken });
  if (result.state === "admitted") {
    const response = seeOther(next);
    response.cookies.set(queueSessionCookie(area), result.sessionToken, cookieOptions());
    response.cookies.delete(queueTicketCookie(area));
    return response;
  }
  // An expired place: going on to the page joins the queue again (at the back).
  if (result.state === "refused" && result.reason === "expired") {
    const response = seeOther(next);
    response.cookies.delete(queueTicketCookie(area));
    return response;
  }
  const response = pageWith(toQueueView(result, area, next));
  if (result.state === "refused") response.cookies.delete(queueTicketCookie(area));
  return response;
}
