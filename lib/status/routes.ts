import "server-only";
// The public edges of the status page (thin: read the cached state → render once → 200/304).
import { isLocale, localeFromCookie, type TLocale } from "@/lib/i18n/define-messages";
import { renderAtom, renderRss } from "./feeds";
import { serveRendered } from "./http-cache";
import { timed } from "@/lib/metrics";
import { renderStatusHtml, type TRenderOptions } from "./render-status-html";
import { v2, V2_ENDPOINTS, type TV2Endpoint } from "./statuspage-v2";
import { env } from "@/lib/env";

/** Counted for /metrics; a failure to render is a short 503, never an error page. */
function timedRoute(route: string, handler: (request: Request) => Promise<Response>) {
  return timed(route, async (request: Request) => {
    try {
      return await handler(request);
    } catch (error) {
      console.error(`[status] ${route}`, error);
      return new Response("Status temporarily unavailable / Status sementara tidak tersedia", { status: 503, headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8" } });
    }
  });
}

export function requestLocale(request: Request): TLocale {
  const lang = new URL(request.url).searchParams.get("lang");
  if (isLocale(lang)) return lang;
  return localeFromCookie(request.headers);
}

const NOTICES = ["subscribed", "error"] as const;

export const statusPageRoute = timedRoute("GET /status", async (request) => {
  const locale = requestLocale(request);
  const n = new URL(request.url).searchParams.get("notice");
  const notice = NOTICES.find((x) => x === n);
  return serveRendered(request, `html:${locale}:${notice ?? ""}`, "text/html; charset=utf-8", (state) => renderStatusHtml(state, { locale, mode: "live", notice: noticeFor(locale, notice) }), { Vary: "Cookie" });
});

function noticeFor(locale: TLocale, notice: (typeof NOTICES)[number] | undefined): TRenderOptions["notice"] {
  if (!notice) return undefined;
  return notice === "subscribed"
    ? { ok: true, text: locale === "id" ? "Periksa e-mail Anda: klik tautan konfirmasi untuk mulai berlangganan." : "Check your e-mail: click the confirmation link to start your subscription." }
    : { ok: false, text: locale === "id" ? "Tidak dapat mendaftarkan langganan. Periksa alamatnya dan coba lagi." : "Could not register the subscription. Check the address and try again." };
}

/**
 * The feeds are public data for scripts on any site (status widgets, feed readers): any origin may read
 * them, and scripts may see the validators they need for conditional requests.
 */
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Status-Source" };

export function v2Route(name: TV2Endpoint, path: string) {
  return timedRoute(`GET /api/v2/${path}`, (request) =>
    serveRendered(request, `v2:${name}`, "application/json; charset=utf-8", (state) => JSON.stringify(v2[name](state)), CORS, { lastModified: true }),
  );
}

export const rssRoute = timedRoute("GET /status/feed.rss", (request) =>
  serveRendered(request, "rss", "application/rss+xml; charset=utf-8", (state) => renderRss(state, `${env().publicUrl}/status/feed.rss`), CORS, { lastModified: true }),
);

export const atomRoute = timedRoute("GET /status/feed.atom", (request) =>
  serveRendered(request, "atom", "application/atom+xml; charset=utf-8", (state) => renderAtom(state, `${env().publicUrl}/status/feed.atom`), CORS, { lastModified: true }),
);

/**
 * A CORS preflight for the feeds: a browser asks before a fetch with a header that is not "simple"
 * (Cache-Control, If-None-Match, …). Read-only, public and without credentials, so any origin may send
 * any header it asks for.
 */
export function statusPreflightRoute(request: Request): Response {
  const asked = request.headers.get("access-control-request-headers");
  const headers: Record<string, string> = {
    ...CORS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Max-Age": "86400",
    "Cache-Control": "public, max-age=86400",
    Vary: "Access-Control-Request-Headers",
  };
  // Header names only (tokens and commas): the value is echoed back.
  if (asked && /^[\w!#$%&'*+.^`|~, -]{1,1000}$/.test(asked)) headers["Access-Control-Allow-Headers"] = asked;
  return new Response(null, { status: 204, headers });
}

/** Any other path under /api/v2/ (e.g. incidents/resolved.json, which some clients ask for): a JSON 404. */
export function v2NotFoundRoute(): Response {
  const body = { error: { code: "NOT_FOUND", message: "No such Statuspage v2 endpoint.", messageId: "Endpoint Statuspage v2 ini tidak ada." } };
  return Response.json(body, { status: 404, headers: { ...CORS, "Cache-Control": "public, max-age=60" } });
}

/**
 * Every public status path and its handler. The front door (lib/server/front-door.ts) answers these
 * itself, before Next's routing, so the status page stays fast when the rest of the portal is busy.
 */
export const publicStatusRoutes: ReadonlyMap<string, (request: Request) => Promise<Response>> = new Map([
  ["/status", statusPageRoute],
  ["/status/feed.rss", rssRoute],
  ["/status/feed.atom", atomRoute],
  ...V2_ENDPOINTS.map(({ path, build }) => [`/api/v2/${path}`, v2Route(build, path)] as const),
]);

const FEEDS = new Set(["/status/feed.rss", "/status/feed.atom"]);

/** The handler for a public status request (GET, HEAD, or a feed's preflight), or undefined for anything else. */
export function statusRouteFor(method: string, pathname: string): ((request: Request) => Response | Promise<Response>) | undefined {
  const feed = FEEDS.has(pathname) || pathname.startsWith("/api/v2/");
  if (method === "OPTIONS") return feed ? statusPreflightRoute : undefined;
  if (method !== "GET" && method !== "HEAD") return undefined;
  return publicStatusRoutes.get(pathname) ?? (pathname.startsWith("/api/v2/") ? v2NotFoundRoute : undefined);
}
