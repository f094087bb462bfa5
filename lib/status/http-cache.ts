import "server-only";
// Conditional GET for everything public on the status page: a strong ETag of the exact bytes and a
// short max-age with stale-while-revalidate, so browsers and CDNs can absorb a crowd.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { responseWithBytes } from "@/lib/http/prepared-body";
import { getStatusState, onStatusVersion } from "./status-cache";
import type { TStatusState } from "./state";
import { processSingleton } from "@/lib/process-singleton";

export const STATUS_CACHE_CONTROL = "public, max-age=10, stale-while-revalidate=60";

// Kept encoded (and gzipped, for browsers): a busy page is sent many times per render, so it is turned
// into bytes and compressed once. Each encoding has its own strong ETag, as HTTP requires.
type TRendered = { body: Uint8Array; etag: string; contentType: string; gzip?: { body: Uint8Array; etag: string } };
const rendered = processSingleton("status-rendered", () => {
  const map = new Map<string, TRendered>();
  onStatusVersion(() => map.clear());
  return map;
});

/**
 * Renders (once per state version and key) and answers with 200 or 304. `lastModified`: the body
 * depends only on what was published, so the page's updated_at is its Last-Modified and
 * If-Modified-Since can be answered (If-None-Match, when sent, decides instead, as HTTP says).
 */
export async function serveRendered(
  request: Request,
  key: string,
  contentType: string,
  render: (state: TStatusState) => string,
  extraHeaders: Record<string, string> = {},
  options: { lastModified?: boolean } = {},
): Promise<Response> {
  const state = await getStatusState();
  const cacheKey = `${state.version}:${key}`;
  let out = rendered.get(cacheKey);
  if (!out) {
    const body = Buffer.from(render(state), "utf8");
    out = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`, contentType };
    rendered.set(cacheKey, out);
  }
  const gzip = acceptsGzip(request.headers.get("accept-encoding")) ? (out.gzip ??= gzipped(out)) : null;
  const etag = gzip ? gzip.etag : out.etag;
  const headers: Record<string, string> = { ETag: etag, "Cache-Control": STATUS_CACHE_CONTROL, Vary: "Accept-Encoding", ...extraHeaders };
  if (extraHeaders.Vary) headers.Vary = `${extraHeaders.Vary}, Accept-Encoding`;
  if (state.source === "snapshot") headers["X-Status-Source"] = "snapshot";
  const modifiedAt = options.lastModified ? Date.parse(state.updatedAt) : NaN;
  if (!Number.isNaN(modifiedAt)) headers["Last-Modified"] = new Date(modifiedAt).toUTCString();
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch ? matches(ifNoneMatch, etag) : notModifiedSince(request.headers.get("if-modified-since"), modifiedAt)) return new Response(null, { status: 304, headers });
  if (gzip) headers["Content-Encoding"] = "gzip";
  return responseWithBytes(gzip ? gzip.body : out.body, { status: 200, headers: { ...headers, "Content-Type": out.contentType } });
}

function gzipped(out: TRendered) {
  return { body: gzipSync(out.body, { level: 9 }), etag: `${out.etag.slice(0, -1)}-gz"` };
}

const acceptsGzip = (header: string | null) => Boolean(header && /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(header));

/** HTTP dates have whole seconds: modified at 12:00:00.700 is not modified since 12:00:00. */
function notModifiedSince(header: string | null, modifiedAt: number): boolean {
  if (!header || Number.isNaN(modifiedAt)) return false;
  const since = Date.parse(header);
  return !Number.isNaN(since) && Math.floor(modifiedAt / 1000) * 1000 <= since;
}

function matches(header: string | null, etag: string) {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
