// How much body a request may announce, decided before a byte of it is read, and how fast it must then
// arrive. Uploads (affixing, pre-flight, verification) may be large and are read as they stream, with
// their own caps; every other body is a form or a JSON document of a few kilobytes. A request that
// announces more is answered 413 at once, one without Content-Length 411, so that nothing is buffered or
// parsed for it (24 MiB posted to /locale used to stall the event loop for seconds). While a request holds
// a turn, its body must start within BODY_FIRST_BYTE_SECONDS and keep arriving at BODY_MIN_BYTES_PER_SECOND:
// a client too slow to send loses its turn (sixteen trickling uploads used to hold every turn for minutes).
import type { IncomingMessage } from "node:http";
import { env } from "@/lib/env";

const MB = 1024 * 1024;
/** Forms and JSON documents. */
const SMALL_BODY = 64 * 1024;
/** Multipart envelope around an upload (boundaries, the text fields). */
const ENVELOPE = MB;

type TRule = { path: RegExp; limit: () => number; streamed: boolean };

const RULES: TRule[] = [
  { path: /^\/api\/v1\/affix(\/preflight)?\/?$/, limit: () => env().uploadMaxBytes + ENVELOPE, streamed: true },
  { path: /^\/api\/v1\/verify\/public\/?$/, limit: () => env().uploadMaxBytes + ENVELOPE, streamed: true },
  { path: /^\/api\/v1\/verify(\/batches)?\/?$/, limit: () => env().verifyBatch.maxBytes + ENVELOPE, streamed: true },
  // Up to 1,000 stamps, each a serial, two SHA-256s, a length, a page and a rect (about 300 bytes as JSON).
  { path: /^\/api\/v1\/stamps\/lookup\/?$/, limit: () => 512 * 1024, streamed: false },
];

export type TBodyRefusal = { status: 411 | 413; code: string; message: { id: string; en: string } };

export function announcedLength(req: IncomingMessage): number | null {
  const value = req.headers["content-length"];
  if (value === undefined) return null;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : Number.NaN;
}

export function hasBody(req: IncomingMessage): boolean {
  const length = announcedLength(req);
  return (length !== null && length !== 0) || req.headers["transfer-encoding"] !== undefined;
}

/** The largest body this request may send, and whether it may stream without announcing its length. */
function ruleFor(pathname: string, req: IncomingMessage): { limit: number; streamed: boolean } {
  const rule = RULES.find((r) => r.path.test(pathname));
  if (rule) return { limit: rule.limit(), streamed: rule.streamed };
  // Next's server actions are form posts to a page's path (this portal's are small forms).
  if (req.headers["next-action"] !== undefined) return { limit: MB, streamed: false };
  return { limit: SMALL_BODY, streamed: false };
}

/** A refusal for a body this request must not send, or null. */
export function checkAnnouncedBody(pathname: string, req: IncomingMessage): TBodyRefusal | null {
  if (!hasBody(req)) return null;
  const { limit, streamed } = ruleFor(pathname, req);
  const length = announcedLength(req);
  if (length === null) {
    if (streamed) return null; // counted as it arrives (lib/http/read-multipart.ts)
    return { status: 411, code: "LENGTH_REQUIRED", message: { id: "Sertakan Content-Length untuk isi permintaan ini.", en: "Send a Content-Length with this request's body." } };
  }
  if (Number.isNaN(length) || length > limit) {
    const size = limit >= MB ? `${Math.round(limit / MB)} MB` : `${Math.round(limit / 1024)} KB`;
    return { status: 413, code: "PAYLOAD_TOO_LARGE", message: { id: `Isi permintaan lebih besar dari batas ${size}.`, en: `The request body is larger than the ${size} limit.` } };
  }
  return null;
}

/**
 * Watches a body while its request holds a turn; calls `tooSlow` (once) when it does not start in time
 * or arrives slower than the minimum rate over a 10-second window. Returns a function that stops watching.
 */
export function watchBodyArrival(req: IncomingMessage, tooSlow: () => void): () => void {
  if (!hasBody(req) || req.complete) return () => undefined;
  const { bodyFirstByteMs, bodyMinBytesPerSecond } = env().server;
  const socket = req.socket;
  const started = Date.now();
  const baseline = socket.bytesRead;
  const samples: { at: number; bytes: number }[] = [{ at: started, bytes: baseline }];
  const WINDOW_MS = 10_000;
  let firstByteAt = 0;
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return stop();
    const now = Date.now();
    const bytes = socket.bytesRead;
    if (!firstByteAt && bytes > baseline) firstByteAt = now;
    if (!firstByteAt) {
      if (now - started >= bodyFirstByteMs) return slow();
      return;
    }
    samples.push({ at: now, bytes });
    while (samples.length > 1 && now - samples[1].at >= WINDOW_MS) samples.shift();
    const oldest = samples[0];
    if (bodyMinBytesPerSecond > 0 && now - firstByteAt >= WINDOW_MS && now - oldest.at >= WINDOW_MS) {
      const rate = ((bytes - oldest.bytes) / (now - oldest.at)) * 1000;
      if (rate < bodyMinBytesPerSecond) return slow();
    }
  }, 1000);
  timer.unref();
  const stop = () => clearInterval(timer);
  const slow = () => {
    stop();
    tooSlow();
  };
  return stop;
}
