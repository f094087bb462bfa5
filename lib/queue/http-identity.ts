// What the HTTP edge needs to talk to the waiting room without touching the database: cookie names,
// which requests are protected, who the visitor is, and safe "go on to" paths.
// No "server-only" and no database import: the front door loads this for every request.
import { readCookie } from "@/lib/http/read-cookie";
import { createHash } from "node:crypto";
import { clientIpFrom } from "@/lib/http/client-ip";
import { createBrowserId } from "./ticket";
import { isArea, type Area, type Visitor } from "./types";

/** Random per-browser id (one ticket per browser). */
export const QUEUE_BROWSER_COOKIE = "mtr_qb";
/** Admitted-session token of an area. */
export const queueSessionCookie = (area: Area) => `mtr_qs_${area}`;
/** Waiting ticket of an area. */
export const queueTicketCookie = (area: Area) => `mtr_qt_${area}`;
/** Programs receive their ticket (later their session token) here and send it back on the next try. */
export const QUEUE_TOKEN_HEADER = "x-queue-ticket";
/** Passed from the guard to the waiting page so the page does not ask the queue a second time. */
export const QUEUE_STATE_HEADER = "x-queue-state";
/**
 * Set by the front door only (a client's copy is removed): the binding of a caller whose credentials it
 * verified, `t:<hash of the bearer token>` or `s:<hash of the session cookie>`. Without it the visitor is
 * anonymous: a made-up cookie or token takes no place as an account, and the per-IP cap applies.
 */
export const CALLER_HEADER = "x-meterai-caller";
const CALLER_BINDING = /^[ts]:[A-Za-z0-9_-]{32}$/;

/** The binding a verified caller's places are tied to (see CALLER_HEADER). */
export function callerBinding(credential: { bearer: string } | { session: string }): string {
  return "bearer" in credential ? `t:${shortHash(credential.bearer)}` : `s:${shortHash(credential.session)}`;
}

const SESSION_COOKIE = "mtr_session"; // lib/auth/session.ts (not imported: it loads the database)
const BROWSER_ID = /^[A-Za-z0-9_-]{22}$/;

export type TQueueRoute =
  | { kind: "page"; area: Area }
  | { kind: "api"; area: Area }
  | { kind: "waiting-page" }
  | { kind: "heavy" };

/**
 * Which requests the waiting room guards. Verification and status are never queued; heavy endpoints
 * outside the protected areas are only shed when the process is overloaded. Downloads of finished
 * stamped files (/affix/files/…) are never held back: the work is done and paid for.
 */
export function classifyRequest(method: string, pathname: string): TQueueRoute | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/queue") return { kind: "waiting-page" };
  if (method === "POST" && path === "/api/v1/orders") return { kind: "api", area: "buy" };
  if (method === "POST" && path === "/api/v1/affix") return { kind: "api", area: "affix" };
  if (method === "POST" && path === "/api/v1/affix/preflight") {
    return { kind: "heavy" };
  }
  if (path.startsWith("/api/")) return null;
  if (path === "/buy" || path.startsWith("/buy/")) return { kind: "page", area: "buy" };
  if (path.startsWith("/affix/files/")) return null;
  if (path === "/affix" || path.startsWith("/affix/")) return { kind: "page", area: "affix" };
  return null;
}

/**
 * A page requested by script (Next's RSC prefetch or client navigation), not by the browser's address
 * bar: the browser's Fetch Metadata or Next's router headers tell them apart. Such a request never takes a place in line: it gets 204, and for a navigation Next
 * then loads the page as a document, which goes through the waiting room properly.
 */
export const isScriptRequest = (headers: Headers) =>
  headers.get("sec-fetch-dest") === "empty" || headers.get("rsc") === "1" || Boolean(headers.get("next-router-prefetch")) || headers.has("next-router-segment-prefetch");

function shortHash(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 32);
}

/**
 * The visitor of a request. A signed-in browser is bound to a hash of its session cookie, a program to
 * a hash of its bearer token, once the front door has verified them (CALLER_HEADER): a copied ticket
 * fails on any other session or token. Signing in again gives a new binding (a new place at the back).
 */
export function visitorFromHeaders(headers: Headers): { visitor: Visitor; newBrowserId: string | null } {
  const ip = clientIpFrom(headers);
  const bearer = /^Bearer\s+(\S{8,300})$/i.exec(headers.get("authorization") ?? "")?.[1];
  const caller = headers.get(CALLER_HEADER);
  const userId = caller && CALLER_BINDING.test(caller) ? caller : null;
  const cookieBrowserId = readCookie(headers, QUEUE_BROWSER_COOKIE);
  if (cookieBrowserId && BROWSER_ID.test(cookieBrowserId)) return { visitor: { userId, browserId: cookieBrowserId, ip }, newBrowserId: null };
  // Programs keep no cookies: their browser id follows their token so it stays stable between tries.
  if (bearer) return { visitor: { userId, browserId: shortHash(`browser:${bearer}`).slice(0, 22), ip }, newBrowserId: null };
  const browserId = createBrowserId();
  return { visitor: { userId, browserId, ip }, newBrowserId: browserId };
}

/** True when the front door verified the request's session or token (CALLER_HEADER). */
export function hasVerifiedCaller(headers: Headers): boolean {
  return CALLER_BINDING.test(headers.get(CALLER_HEADER) ?? "");
}

/** The credential a request presents, unverified: what the front door checks. */
export function presentedCredential(headers: Headers): { bearer: string } | { session: string } | null {
  const bearer = /^Bearer\s+(\S{8,300})$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) return { bearer };
  const session = readCookie(headers, SESSION_COOKIE);
  return session && session.length <= 200 ? { session } : null;
}

/** The tokens a request presents: cookies for browsers, the X-Queue-Ticket header for programs. */
export function presentedTokens(headers: Headers, area: Area): { sessionToken: string | null; ticketToken: string | null } {
  let sessionToken = readCookie(headers, queueSessionCookie(area)) ?? null;
  let ticketToken = readCookie(headers, queueTicketCookie(area)) ?? null;
  const header = headers.get(QUEUE_TOKEN_HEADER);
  if (header) {
    const kind = tokenKind(header);
    if (kind === "session") sessionToken = header;
    // An unreadable header is still passed on as a ticket so the engine reports it as forged.
    else ticketToken = header;
  }
  return { sessionToken, ticketToken };
}

/** Reads the kind from a token's payload without trusting it (the engine verifies the signature). */
export function tokenKind(token: string): "ticket" | "session" | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const k = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { k?: unknown }).k;
    return k === "s" ? "session" : k === "t" ? "ticket" : null;
  } catch {
    return null;
  }
}

/** A same-site path inside the area to go on to once admitted; anything else falls back to the area's start. */
export function safeQueueNext(value: unknown, area: Area): string {
  const s = typeof value === "string" ? value : "";
  const root = `/${area}`;
  const sameSite = s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") && s.length <= 1000 && !/[\u0000-\u001f\\]/.test(s);
  const inArea = s === root || s.startsWith(`${root}/`) || s.startsWith(`${root}?`);
  return sameSite && inArea ? s : root;
}

export function areaFrom(value: unknown): Area | null {
  return isArea(value) ? value : null;
}
