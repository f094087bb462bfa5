import "server-only";
// The front door: every request reaches it before Next (server.mjs calls it, then Next's handler).
// It answers the few things that must stay fast when the portal is saturated, without Next's routing
// and rendering: the status page and its feeds (from memory), the waiting room (guard, waiting page,
// ticket polls). Everything else goes on to Next, with the guard's cookies added to Next's response.
// Guarding here rather than in a Next proxy also means upload bodies are streamed to the route once,
// not buffered and copied by the proxy first.
//
// It also serves the affix API itself (the same handler as its Next route file, see directRoutes).
//
// Next and the routes served here get at most SERVER_MAX_CONCURRENT requests at a time; the others wait here, in arrival order,
// without costing CPU. Otherwise a burst of database-heavy requests (200 people admitted at once, all
// buying) fills the event loop for seconds, and the cheap answers above wait behind them. Beyond
// SERVER_MAX_QUEUED waiting, a request is shed at once with 503 + Retry-After.
import { randomBytes } from "@/lib/random-bytes";
import type { IncomingMessage, ServerResponse } from "node:http";
import { drain, trackRequest } from "./drain";
import { NextRequest } from "next/server";
import { preparedBody } from "@/lib/http/prepared-body";
import { withRawRequest } from "@/lib/http/raw-request";
import { contentSecurityPolicy, securityHeaders, strictTransportSecurity } from "@/lib/http/security-headers.mjs";
import { env } from "@/lib/env";
import { findTokenUser } from "@/lib/auth/api-tokens";
import { findSessionUser } from "@/lib/auth/session";
import { queueMessages } from "@/lib/i18n/messages/queue";
import { processSingleton, setProcessSingleton } from "@/lib/process-singleton";
import { GUARD_ADMITTED_HEADER, GUARD_PASS_HEADER, guardRequest, isGuardPass } from "@/lib/queue/guard-request";
import { CALLER_HEADER, callerBinding, classifyRequest, presentedCredential, QUEUE_STATE_HEADER } from "@/lib/queue/http-identity";
import { pollTicketRoute, queueSummaryRoute, waitingPageRoute } from "@/lib/queue/routes";
import { affixRoute } from "@/lib/stamps/routes";
import { statusRouteFor } from "@/lib/status/routes";
import { checkAnnouncedBody, hasBody, watchBodyArrival } from "./body-policy";
import { clientAddress, trustedProxyList } from "./client-address";
import { admission, databaseRecentlyUnavailable } from "./overload";
import { holdFailedPages, isPageRequest } from "./page-failures";

type TNodeHandler = (req: IncomingMessage, res: ServerResponse) => void;
type THandler = (request: Request) => Response | Promise<Response>;

/** Set by the front door for server components (sign-in redirects back to it). */
const PATHNAME_HEADER = "x-pathname";

const queueRoutes = new Map<string, THandler>([
  ["/api/v1/queue/ticket", (request) => pollTicketRoute(request)],
  ["/api/v1/queue", (request) => queueSummaryRoute(request)],
]);

/**
 * API routes the front door serves itself, with the same handler as their Next route file, after the
 * same guard and in the same turns. Affixing is the portal's busiest API: Next's routing and its
 * streaming of the response took about 1.5 ms of the event loop per stamp (measured under bench:affix).
 */
const directRoutes = new Map<string, THandler>([["POST /api/v1/affix", affixRoute]]);

/**
 * What server.mjs finds on globalThis under Symbol.for("emeterai.front-door") (instrumentation runs
 * inside Next's bundle; both share globalThis).
 */
export type TFrontDoor = { handle: typeof handleAtFrontDoor; ready: () => Promise<void>; drain: typeof drain };

export function registerFrontDoor() {
  setProcessSingleton<TFrontDoor>("front-door", { handle: handleAtFrontDoor, ready: opening, drain });
}

/** Called once the server has started, just before the public port opens: the turns are set up before the first request. */
async function opening() {
  admission();
}

/** Answers the request itself, or calls `next()` to hand it to Next. Never throws. */
export async function handleAtFrontDoor(req: IncomingMessage, res: ServerResponse, next: TNodeHandler): Promise<void> {
  trackRequest(res);
  try {
    await route(req, res, next);
  } catch (error) {
    failed(res, error);
  }
}

function failed(res: ServerResponse, error: unknown) {
  console.error("[front-door]", error);
  if (!res.headersSent) writePlain(res, 503, "Service temporarily unavailable / Layanan sementara tidak tersedia");
  else res.destroy();
}

async function route(req: IncomingMessage, res: ServerResponse, next: TNodeHandler): Promise<void> {
  const method = req.method ?? "GET";
  const rawUrl = req.url ?? "/";
  const queryAt = rawUrl.indexOf("?");
  const pathname = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  // Whoever serves the request (Next, or a route served here) has the raw request at hand, to read
  // upload bodies from the socket.
  const direct = directRoutes.get(`${method} ${pathname}`);
  const serve: TNodeHandler = (q, s) => {
    // A page whose render fails because the database does not answer gets the small 503 page.
    if (!direct && isPageRequest(method, pathname)) holdFailedPages(s, () => refuse(q, s, { status: 503, code: "UNAVAILABLE", message: DATABASE_BUSY, api: false, retryAfterSeconds: admission().retryAfterSeconds(5_000) }));
    withRawRequest(q, () => (direct ? void serveDirectly(q, s, direct) : next(q, s)));
  };
  // Only the front door may say which path was asked for, what state the waiting page is in, who the
  // verified caller is, and where the request came from.
  delete req.headers[QUEUE_STATE_HEADER];
  delete req.headers[CALLER_HEADER];
  req.headers[PATHNAME_HEADER] = rawUrl;
  req.headers["x-forwarded-for"] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies());
  delete req.headers["x-real-ip"];
  // On every answer, whoever writes it (Next keeps headers already set on the response).
  if (env().publicUrl.startsWith("https://")) res.setHeader(strictTransportSecurity.key, strictTransportSecurity.value);
  // A fresh script nonce for every response. The same policy on the request is where Next reads the nonce
  // for its scripts (what Next's docs do in a proxy; this is ours), and where our own pages read it.
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"));
  req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);

  const statusRoute = statusRouteFor(method, pathname);
  if (statusRoute) return send(req, res, await statusRoute(toRequest(req)));
  if (method === "GET" || method === "HEAD") {
    const handler = queueRoutes.get(pathname);
    if (handler) {
      // A ticket is tied to the verified account that took it: the waiting page's poll must say who asks.
      await identifyCaller(req);
      return send(req, res, await handler(toRequest(req)));
    }
  }
  // A body this request must not send is refused before a byte of it is read.
  const bodyRefusal = checkAnnouncedBody(pathname, req);
  if (bodyRefusal) return refuse(req, res, { status: bodyRefusal.status, code: bodyRefusal.code, message: bodyRefusal.message, api: pathname.startsWith("/api/") });
  if (ALWAYS_THROUGH.test(pathname)) return serve(req, res);

  const caller = await identifyCaller(req);
  const turn = { key: caller ? `account:${caller.userId}` : `ip:${req.headers["x-forwarded-for"]}`, priority: false };
  if (!classifyRequest(method, pathname)) return takeTurn(req, res, serve, pathname, turn);

  const requestHeaders = headersOf(req);
  let guarded: Response;
  try {
    // The waiting room sheds new heavy work only while the database does not answer (that work would fail
    // anyway). A standing queue is the admission controller's to handle, per caller: shedding everyone's new
    // work for one greedy caller's queue refused light clients too, and the refusals sustained themselves.
    guarded = await guardRequest(new NextRequest(urlOf(req), { method, headers: requestHeaders }), requestHeaders, databaseRecentlyUnavailable());
  } catch (error) {
    // The queue store is unreachable (Redis down): fail open rather than lock everybody out; the
    // turns below still protect the process.
    console.error("[queue] waiting room unavailable, letting the request through:", (error as Error).message);
    return takeTurn(req, res, serve, pathname, turn);
  }
  if (!isGuardPass(guarded)) return send(req, res, guarded);

  const passCookies = guarded.headers.getSetCookie();
  const passHeaders = [...guarded.headers].filter(([name]) => name !== "set-cookie" && name !== GUARD_PASS_HEADER && name !== GUARD_ADMITTED_HEADER && !isInternal(name));
  if (pathname === "/queue" || pathname === "/queue/") {
    return send(req, res, await waitingPageRoute(new Request(urlOf(req), { headers: requestHeaders })), passCookies, passHeaders);
  }
  const state = requestHeaders.get(QUEUE_STATE_HEADER);
  if (state) req.headers[QUEUE_STATE_HEADER] = state;
  addToResponse(res, passCookies, passHeaders);
  // Admitted waiting-room sessions keep their priority for turns.
  takeTurn(req, res, serve, pathname, { ...turn, priority: guarded.headers.get(GUARD_ADMITTED_HEADER) === "1" });
}

/**
 * Never made to wait: Next's static files (cheap), the health check, and payment notifications, which
 * are money and which the payment simulator sends to this same server while its request is in Next.
 */
const ALWAYS_THROUGH = /^\/(_next\/static\/|favicon\.ico$|api\/health$|api\/v1\/payments\/notifications\/)/;

const trustedProxies = () => processSingleton("trusted-proxies", () => trustedProxyList(env().server.trustedProxies));

/**
 * The account behind the request's session or token, verified (cached for seconds), and the request
 * marked with its binding (CALLER_HEADER): fair turns and the waiting room go by it.
 */
async function identifyCaller(req: IncomingMessage): Promise<{ userId: string } | null> {
  const headers = new Headers();
  if (req.headers.authorization) headers.set("authorization", req.headers.authorization);
  if (req.headers.cookie) headers.set("cookie", req.headers.cookie);
  const credential = presentedCredential(headers);
  if (!credential) return null;
  try {
    const user = "bearer" in credential ? await findTokenUser(`Bearer ${credential.bearer}`) : await findSessionUser(credential.session);
    if (!user) return null;
    req.headers[CALLER_HEADER] = callerBinding(credential);
    return { userId: user.id };
  } catch {
    // The database is unreachable: the request goes on as anonymous (by address); its route answers 503 itself.
    return null;
  }
}

/**
 * Hands the request to whoever serves it once the admission controller gives it a turn: at once, after
 * waiting in its caller's line, or never (refused with 503 + Retry-After, before its body is read).
 */
function takeTurn(req: IncomingMessage, res: ServerResponse, next: TNodeHandler, pathname: string, turn: { key: string; priority: boolean }) {
  const api = pathname.startsWith("/api/");
  let cancelled = false;
  const cancel = admission().arrive(
    turn.key,
    {
      start: ({ finish }) => {
        // Gone while waiting: nothing to serve.
        // (Checked first: a "close" listener added after the close would never run, and the turn would leak.)
        if (cancelled || req.destroyed || res.writableEnded) return finish();
        const stopWatching = watchBodyArrival(req, () => refuse(req, res, { status: 408, code: "BODY_TOO_SLOW", message: SLOW_BODY, api, retryAfterSeconds: 5 }));
        res.once("close", () => {
          stopWatching();
          finish();
        });
        next(req, res);
      },
      refuse: (retryAfterSeconds) => refuse(req, res, { status: 503, code: "OVERLOADED", message: { id: queueMessages.id.overloaded, en: queueMessages.en.overloaded }, api, retryAfterSeconds }),
    },
    { priority: turn.priority },
  );
  // A client that leaves while waiting gives up its place in the line at once.
  res.once("close", () => {
    cancelled = true;
    cancel();
  });
}

const DATABASE_BUSY = {
  id: "Halaman ini tidak dapat dimuat sekarang karena layanan sangat sibuk. Tidak ada pembayaran atau kuota yang hilang; halaman dimuat ulang sendiri sebentar lagi.",
  en: "This page cannot be loaded right now: the service is very busy. No payment or quota was lost; the page reloads itself shortly.",
};

const SLOW_BODY = {
  id: "Isi permintaan datang terlalu lambat; koneksi ditutup. Coba lagi dengan sambungan yang lebih baik.",
  en: "The request body arrived too slowly; the connection was closed. Try again on a better connection.",
};

/**
 * A refusal that costs next to nothing: answered before the body is read, and the connection closed, so
 * that a storm of refused 20 MB uploads is a storm of small answers. Retry-After carries the controller's
 * jitter, so that refused clients do not come back in lockstep.
 */
function refuse(req: IncomingMessage, res: ServerResponse, refusal: { status: number; code: string; message: { id: string; en: string }; api: boolean; retryAfterSeconds?: number }) {
  if (res.headersSent) return void res.destroy();
  const headers: Record<string, string> = { "Cache-Control": "no-store", Connection: "close" };
  if (refusal.retryAfterSeconds !== undefined) headers["Retry-After"] = String(refusal.retryAfterSeconds);
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  let body: string;
  if (refusal.api) {
    headers["Content-Type"] = "application/json; charset=utf-8";
    const details = refusal.retryAfterSeconds !== undefined ? { details: { retryAfterSeconds: refusal.retryAfterSeconds } } : {};
    body = JSON.stringify({ error: { code: refusal.code, message: refusal.message.en, messageId: refusal.message.id, ...details } });
  } else {
    headers["Content-Type"] = "text/html; charset=utf-8";
    body = tinyPage(refusal.message, refusal.retryAfterSeconds);
  }
  headers["Content-Length"] = String(Buffer.byteLength(body));
  res.writeHead(refusal.status, headers);
  res.end(body);
  stopReading(req);
}

/**
 * After the answer, the rest of the body is not wanted and is not read. Closing at once would make our
 * kernel answer the unread bytes with a reset, which can throw away the answer before a client busy
 * sending has read it. So our side is shut first (FIN after the answer), nothing more is read (the
 * client's sending stalls on a full window), and the socket goes LINGER_MS later: time for the client to
 * read its answer, without the server reading anything or holding the connection longer.
 */
const LINGER_MS = 1000;

function stopReading(req: IncomingMessage) {
  if (req.complete) return;
  req.pause();
  const socket = req.socket;
  // Node ends a "Connection: close" answer with socket.destroySoon(), which destroys the socket as soon
  // as our side is shut: for this socket, it lingers instead.
  socket.destroySoon = () => {
    socket.end();
    // Node has just scheduled the discarding of the unread body (req._dump() resumes on the next tick):
    // pause after that, so that nothing more is read.
    setImmediate(() => socket.pause());
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once("close", () => clearTimeout(timer));
  };
}

function tinyPage(message: { id: string; en: string }, retryAfterSeconds?: number): string {
  const refresh = retryAfterSeconds !== undefined ? `<meta http-equiv="refresh" content="${retryAfterSeconds}">` : "";
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}<title>${queueMessages.id.overloadedTitle}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem"><h1>${queueMessages.id.overloadedTitle} · ${queueMessages.en.overloadedTitle}</h1><p>${message.id}</p><p lang="en">${message.en}</p><p><a href="/status">Status</a></p></body></html>`;
}

/** A route the front door serves itself: its Response is written here, as `send` writes the others. */
async function serveDirectly(req: IncomingMessage, res: ServerResponse, handler: THandler) {
  try {
    await send(req, res, await handler(toRequest(req)));
  } catch (error) {
    // The handler answers its own errors; this is the socket failing while the answer is written.
    failed(res, error);
  }
}

/** NextResponse's bookkeeping for Next's own proxy (x-middleware-set-cookie …): never sent. */
const isInternal = (name: string) => name.startsWith("x-middleware-");

/** A Host header that is not a host name (or address) with an optional port would make the URL invalid. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function urlOf(req: IncomingMessage): string {
  const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : "localhost";
  return `http://${host}${req.url ?? "/"}`;
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

const toRequest = (req: IncomingMessage) => new Request(urlOf(req), { method: req.method, headers: headersOf(req) });

/** The guard's cookies and headers on the response Next writes (Next appends its own cookies after them). */
function addToResponse(res: ServerResponse, cookies: string[], headers: [string, string][]) {
  for (const [name, value] of headers) res.setHeader(name, value);
  if (!cookies.length) return;
  res.setHeader("set-cookie", cookies);
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    if (name.toLowerCase() !== "set-cookie") return setHeader(name, value);
    return setHeader(name, [...cookies, ...(Array.isArray(value) ? value.map(String) : [String(value)])]);
  };
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response, extraCookies: string[] = [], extraHeaders: [string, string][] = []) {
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  for (const [name, value] of response.headers) if (name !== "set-cookie" && !isInternal(name)) res.setHeader(name, value);
  for (const [name, value] of extraHeaders) if (!response.headers.has(name)) res.setHeader(name, value);
  const cookies = [...extraCookies, ...response.headers.getSetCookie()];
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.statusCode = response.status;
  // Refused before its body was read (the waiting room's answers): nothing more is read, the connection ends.
  const unread = hasBody(req) && !req.complete;
  if (unread) res.setHeader("Connection", "close");
  const prepared = preparedBody(response);
  // Memory the handler lent for the answer goes back once the socket has it (or the client has gone).
  if (prepared?.sent) res.once("close", prepared.sent);
  if (req.method === "HEAD" || !response.body) res.end();
  else res.end(prepared?.bytes ?? Buffer.from(await response.arrayBuffer()));
  if (unread) stopReading(req);
}

function writePlain(res: ServerResponse, status: number, text: string) {
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" });
  res.end(text);
}
