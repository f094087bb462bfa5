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

export function v2Route(name: TV2Endpoint, path: string) {
  return timedRoute(`GET /api/v2/${path}`, (request) =>
    serveRendered(request, `v2:${name}`, "application/json; charset=utf-8", (state) => JSON.stringify(v2[name](state)), { "Access-Control-Allow-Origin": "*" }),
  );
}

export const rssRoute = timedRoute("GET /status/feed.rss", (request) =>
  serveRendered(request, "rss", "application/rss+xml; charset=utf-8", (state) => renderRss(state, `${env().publicUrl}/status/feed.rss`)),
);

export const atomRoute = timedRoute("GET /status/feed.atom", (request) =>
  serveRendered(request, "atom", "application/atom+xml; charset=utf-8", (state) => renderAtom(state, `${env().publicUrl}/status/feed.atom`)),
);

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
