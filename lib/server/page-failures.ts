import "server-only";
// Pages get the same guarantee as the API when the database does not answer (issue 14): a page whose
// render failed because of it is answered 503 + Retry-After with the small self-contained page, not
// Next's error page (a 500 that clients and load balancers read as a bug, and that costs a full render).
//
// Next decides the status of a failed render itself, so the front door watches page answers: when Next
// answers 500, the answer is held back and the database is asked (one query, at most once a second for
// the whole process). If it does not answer in time the request gets the small 503 page; otherwise
// Next's own answer goes out unchanged. Healthy pages pass straight through, untouched.
import type { IncomingMessage, ServerResponse } from "node:http";
import { notifyDatabaseUnavailable } from "@/lib/db/database-errors";
import { checkDatabase } from "@/lib/health/check-database";
import { processSingleton } from "@/lib/process-singleton";

const PROBE_TIMEOUT_MS = 1_000;
const PROBE_REUSE_MS = 1_000;

type TProbe = { at: number; answer: Promise<boolean> };

/** Whether the database answers now; one probe at a time, its answer shared for a second. */
function databaseAnswers(): Promise<boolean> {
  const state = processSingleton("page-failures-probe", () => ({ last: null as TProbe | null }));
  const now = Date.now();
  if (state.last && now - state.last.at < PROBE_REUSE_MS) return state.last.answer;
  const answer = checkDatabase(PROBE_TIMEOUT_MS).then((r) => r.ok);
  state.last = { at: now, answer };
  return answer;
}

/** GET and HEAD of pages: not the API, not Next's files, not the front door's own routes. */
export function isPageRequest(method: string, pathname: string): boolean {
  return (method === "GET" || method === "HEAD") && !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && pathname !== "/metrics";
}

/**
 * Watches Next's answer to a page request on `res`. `unavailable` writes the small 503 page (the front
 * door's refusal) when the database turns out not to answer.
 */
export function holdFailedPages(res: ServerResponse, unavailable: () => void): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let decided = false;
  let holding = false;
  let headArgs: unknown[] | null = null;
  const held: { chunk: unknown; encoding?: unknown }[] = [];

  const restore = () => {
    res.writeHead = original.writeHead;
    res.write = original.write;
    res.end = original.end;
  };
  /**
   * At the first sign of the answer: a 500 is held, anything else passes through from now on. (The
   * methods stay wrapped: Next wraps them again for compression, and those wrappers must stay.)
   */
  const decide = (status: number) => {
    if (decided) return;
    decided = true;
    holding = status === 500;
  };

  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    decide(status);
    if (!holding) return (original.writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
    headArgs = [status, ...rest];
    return this;
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, callback?: unknown) {
    decide(res.statusCode);
    if (!holding) return (original.write as (...a: unknown[]) => boolean).call(this, chunk, encoding, callback);
    held.push({ chunk, encoding: typeof encoding === "string" ? encoding : undefined });
    if (typeof encoding === "function") (encoding as () => void)();
    else if (typeof callback === "function") (callback as () => void)();
    return true;
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, callback?: unknown) {
    decide(res.statusCode);
    if (!holding) return (original.end as (...a: unknown[]) => ServerResponse).call(this, chunk, encoding, callback);
    if (chunk !== undefined && typeof chunk !== "function") held.push({ chunk, encoding: typeof encoding === "string" ? encoding : undefined });
    const done = [chunk, encoding, callback].find((a) => typeof a === "function") as (() => void) | undefined;
    // Next is done with the answer: what is written from here goes straight to the socket.
    restore();
    void databaseAnswers().then((answers) => {
      if (!answers) {
        notifyDatabaseUnavailable();
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        unavailable();
      } else {
        if (headArgs) (original.writeHead as (...a: unknown[]) => ServerResponse).apply(res, headArgs);
        for (const { chunk: c, encoding: e } of held) res.write(c as string, e as BufferEncoding);
        res.end();
      }
      done?.();
    });
    return this;
  } as typeof res.end;
}
