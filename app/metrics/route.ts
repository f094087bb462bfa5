import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { METRICS_CONTENT_TYPE, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

// Without METRICS_TOKEN the endpoint does not exist (404); a wrong or missing Bearer token is a 401.
export async function GET(request: Request) {
  const token = env().metricsToken;
  if (!token) return new Response("Not found", { status: 404 });
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await renderMetrics(), { headers: { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" } });
}
