import "server-only";
// The edge for programs: authenticate → parse → call one use case → JSON. Every handler goes through
// apiHandler, so an unexpected error becomes a 500 JSON body with an id, never an HTML page or a stack.
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { findTokenUser, type TTokenUser } from "@/lib/auth/api-tokens";
import type { TRole } from "@/lib/auth/roles";
import { findSessionUser, SESSION_COOKIE } from "@/lib/auth/session";
import { clientIpFrom } from "@/lib/http/client-ip";
import { isSameOrigin } from "@/lib/http/same-origin";
import { readCookie } from "@/lib/http/read-cookie";
import { AppError, commonErrors, isAppError } from "@/lib/errors";
import { asDatabaseUnavailable } from "@/lib/db/database-errors";
import { hit, type TRateLimit } from "@/lib/rate-limit";
import { observeRequest, routePattern } from "@/lib/metrics";

export type TApiContext<P = Record<string, string>> = { request: Request; user: TTokenUser | null; ip: string; params: P };

type TOptions<P> = {
  /** "token": Bearer token required; "optional": token or session cookie if present; "public": none. */
  auth: "token" | "optional" | "public";
  roles?: readonly TRole[];
  rateLimit?: { name: string; rule: TRateLimit };
  /** The path's parameters, parsed here: the handler gets them typed. Invalid ones are a 404 (or `invalidParams`). */
  params?: z.ZodType<P, Record<string, string>>;
  invalidParams?: () => AppError;
};

export function apiHandler<P = Record<string, string>>(options: TOptions<P>, handler: (ctx: TApiContext<P>) => Promise<Response>) {
  return async (request: Request, route: { params?: Promise<Record<string, string>> } = {}) => {
    const started = performance.now();
    const response = await handle(request, route);
    // Every API route is counted for GET /metrics, by path pattern (ids replaced) and status.
    observeRequest(`${request.method} ${routePattern(new URL(request.url).pathname)}`, response.status, (performance.now() - started) / 1000);
    return response;
  };

  async function handle(request: Request, route: { params?: Promise<Record<string, string>> }): Promise<Response> {
    try {
      const ip = clientIpFrom(request.headers);
      if (options.rateLimit) {
        const r = hit(`${options.rateLimit.name}:${ip}`, options.rateLimit.rule);
        if (!r.allowed) throw commonErrors.rateLimited(r.retryAfterSeconds);
      }
      let user = options.auth === "public" ? null : await findTokenUser(request.headers.get("authorization"));
      if (!user && options.auth === "optional") {
        user = await sessionUserFromCookie(request);
        // A cookie rides along on cross-site requests too: a state-changing call must come from our own pages.
        if (user && !["GET", "HEAD"].includes(request.method) && !isSameOrigin(request)) throw commonErrors.forbidden();
      }
      if (options.auth === "token" && !user) throw commonErrors.unauthenticated();
      if (options.roles && (!user || !options.roles.includes(user.role as TRole))) throw commonErrors.forbidden();
      return await handler({ request, user, ip, params: parseParams((await route.params) ?? {}) });
    } catch (error) {
      return errorResponse(error);
    }
  }

  function parseParams(raw: Record<string, string>): P {
    if (!options.params) return raw as P;
    const parsed = options.params.safeParse(raw);
    if (!parsed.success) throw options.invalidParams?.() ?? commonErrors.notFound();
    return parsed.data;
  }
}

async function sessionUserFromCookie(request: Request): Promise<TTokenUser | null> {
  const user = await findSessionUser(readCookie(request.headers, SESSION_COOKIE));
  return user ? { id: user.id, email: user.email, role: user.role, tokenId: "" } : null;
}

export function errorResponse(thrown: unknown): Response {
  const error = asDatabaseUnavailable(thrown) ?? thrown;
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === "number") headers["Retry-After"] = String(retry);
    return NextResponse.json(
      { error: { code: error.code, message: error.userMessage.en, messageId: error.userMessage.id, ...(error.details ? { details: error.details } : {}) } },
      { status: error.status, headers },
    );
  }
  const id = randomUUID();
  console.error(`[api] unexpected error ${id}`, error);
  return NextResponse.json({ error: { code: "INTERNAL", message: `Unexpected error (id ${id}).`, messageId: `Kesalahan tak terduga (id ${id}).` } }, { status: 500 });
}

/**
 * A JSON answer whose body has the type of `schema`: the schema the OpenAPI document describes the
 * response with (lib/openapi/), so the document and the code cannot drift apart unnoticed.
 */
export function jsonResponse<S extends z.ZodType>(schema: S, body: z.output<S>, init?: ResponseInit): NextResponse {
  return NextResponse.json(body, init);
}

/**
 * Parses a JSON body with a zod schema; malformed JSON and invalid fields are 400s with a reason
 * (INVALID_INPUT with the issues, unless `invalid` names a more precise error for the body).
 */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, invalid?: (body: unknown) => AppError | undefined): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { id: "Kirim body sebagai application/json.", en: "Send the body as application/json." });
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new AppError("MALFORMED_JSON", { id: "Body bukan JSON yang valid.", en: "The body is not valid JSON." });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const specific = invalid?.(raw);
    if (specific) throw specific;
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    throw commonErrors.invalidData({ issues });
  }
  return parsed.data;
}
