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
import type { IncomingMessage, ServerResponse } from "node:http";
import { NextRequest } from "next/server";
import { preparedBody } from "@/lib/http/prepared-body";
import { withRawRequest } from "@/lib/http/raw-request";
import { securityHeaders } from "@/lib/http/security-headers.mjs";
import { env } from "@/lib/env";
import { guardRequest, isGuardPass, GUARD_PASS_HEADER, overloadedResponse } from "@/lib/queue/guard-request";
import { classifyRequest, QUEUE_STATE_HEADER } from "@/lib/queue/http-identity";
import { pollTicketRoute, queueSummaryRoute, waitingPageRoute } from "@/lib/queue/routes";
import { affixRoute } from "@/lib/stamps/routes";
import { statusRouteFor } from "@/lib/status/routes";
import { overloadMonitor } from "./overload";
import { setProcessSingleton } from "@/lib/process-singleton";

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
export type TFrontDoor = { handle: typeof handleAtFrontDoor; ready: () => Promise<void> };

export function registerFrontDoor() {
  setProcessSingleton<TFrontDoor>("front-door", { handle: handleAtFrontDoor, ready: opening });
}

/**
 * Called once the server has started and just before the public port opens. Loading the build and
 * running the start-up jobs stalls the event loop once: that is not overload, and must not make the
 * first requests be shed.
 */
async function opening() {
  overloadMonitor().forget();
}

/** Answers the request itself, or calls `next()` to hand it to Next. Never throws. */
export async function handleAtFrontDoor(req: IncomingMessage, res: ServerResponse, next: TNodeHandler): Promise<void> {
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
  const serve: TNodeHandler = (q, s) => withRawRequest(q, () => (direct ? void serveDirectly(q, s, direct) : next(q, s)));
  // Only the front door may say which path was asked for and what state the waiting page is in.
  delete req.headers[QUEUE_STATE_HEADER];
  req.headers[PATHNAME_HEADER] = rawUrl;
  // As Next does: without a reverse proxy in front, the client is the socket's peer.
  req.headers["x-forwarded-for"] ??= req.socket.remoteAddress;

  const statusRoute = statusRouteFor(method, pathname);
  if (statusRoute) return send(req, res, await statusRoute(toRequest(req)));
  if (method === "GET" || method === "HEAD") {
    const handler = queueRoutes.get(pathname);
    if (handler) return send(req, res, await handler(toRequest(req)));
  }
  if (!classifyRequest(method, pathname)) return toNext(req, res, serve, pathname);

  const requestHeaders = headersOf(req);
  let guarded: Response;
  try {
    guarded = await guardRequest(new NextRequest(urlOf(req), { method, headers: requestHeaders }), requestHeaders, overloadMonitor().isOverloaded());
  } catch (error) {
    // The queue store is unreachable (Redis down): fail open rather than lock everybody out; the
    // overload shedding inside the endpoints still protects the process.
    console.error("[queue] waiting room unavailable, letting the request through:", (error as Error).message);
    return toNext(req, res, serve, pathname);
  }
  if (!isGuardPass(guarded)) return send(req, res, guarded);

  const passCookies = guarded.headers.getSetCookie();
  const passHeaders = [...guarded.headers].filter(([name]) => name !== "set-cookie" && name !== GUARD_PASS_HEADER && !isInternal(name));
  if (pathname === "/queue" || pathname === "/queue/") {
    return send(req, res, await waitingPageRoute(new Request(urlOf(req), { headers: requestHeaders })), passCookies, passHeaders);
  }
  const state = requestHeaders.get(QUEUE_STATE_HEADER);
  if (state) req.headers[QUEUE_STATE_HEADER] = state;
  addToResponse(res, passCookies, passHeaders);
  toNext(req, res, serve, pathname);
}

/**
 * Never made to wait: Next's static files (cheap), the health check, and payment notifications, which
 * are money and which the payment simulator sends to this same server while its request is in Next.
 */
const ALWAYS_THROUGH = /^\/(_next\/static\/|api\/health$|api\/v1\/payments\/notifications\/)/;

const turns = { inNext: 0, waiting: [] as (() => void)[] };

function toNext(req: IncomingMessage, res: ServerResponse, next: TNodeHandler, pathname: string) {
  if (ALWAYS_THROUGH.test(pathname)) return next(req, res);
  const { maxConcurrent, maxQueued } = env().server;
  const start = () => {
    // Gone while waiting: nothing to serve.
    // (Checked first: a "close" listener added after the close would never run, and the turn would leak.)
    if (req.destroyed || res.writableEnded) return endTurn();
    res.once("close", endTurn);
    next(req, res);
  };
  if (turns.inNext < maxConcurrent) {
    turns.inNext += 1;
    return start();
  }
  if (turns.waiting.length >= maxQueued) {
    const api = pathname.startsWith("/api/");
    return void send(req, res, overloadedResponse(api ? "api" : "page"));
  }
  turns.waiting.push(start);
  // A client that leaves while waiting gives up its place in the line at once.
  res.once("close", () => {
    const at = turns.waiting.indexOf(start);
    if (at !== -1) turns.waiting.splice(at, 1);
  });
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

/** Hands the finished request's turn to the next one waiting (the count stays, the turn moves on). */
function endTurn() {
  const nextUp = turns.waiting.shift();
  if (nextUp) nextUp();
  else turns.inNext -= 1;
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
  if (req.method === "HEAD" || !response.body) return void res.end();
  res.end(preparedBody(response) ?? Buffer.from(await response.arrayBuffer()));
}

function writePlain(res: ServerResponse, status: number, text: string) {
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" });
  res.end(text);
}
