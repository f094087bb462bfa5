// Prometheus metrics for GET /metrics, kept with prom-client: the process's default metrics (CPU, memory,
// event-loop lag, GC) and the portal's own series, fed where the work happens (the API edge, the status
// routes, affixing, verification; queue lengths are read from the waiting room at each scrape). One
// registry per process: Next bundles route handlers separately, and every bundle must count into it.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { statementsSent } from "@/lib/db/statement-count";
import { processSingleton } from "@/lib/process-singleton";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type TQueueLengths = () => Promise<{ area: string; waiting: number }[]>;

const metrics = processSingleton("metrics", () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const state = { queueLengths: null as TQueueLengths | null };
  return {
    registry,
    state,
    requests: new Counter({ name: "portal_http_requests_total", help: "HTTP requests by route and status.", labelNames: ["route", "status"], registers: [registry] }),
    requestSeconds: new Histogram({ name: "portal_http_request_duration_seconds", help: "HTTP request latency by route.", labelNames: ["route"], buckets: BUCKETS, registers: [registry] }),
    affix: new Counter({ name: "portal_affix_total", help: "Affix operations by outcome.", labelNames: ["outcome"], registers: [registry] }),
    affixSeconds: new Histogram({ name: "portal_affix_duration_seconds", help: "Affix duration.", buckets: BUCKETS, registers: [registry] }),
    verify: new Counter({ name: "portal_verify_total", help: "Verified documents by verdict.", labelNames: ["verdict"], registers: [registry] }),
    verifySeconds: new Histogram({ name: "portal_verify_duration_seconds", help: "Verification duration per document.", buckets: BUCKETS, registers: [registry] }),
    errors: new Counter({ name: "portal_errors_total", help: "Errors by kind.", labelNames: ["kind"], registers: [registry] }),
    statements: new Counter({
      name: "portal_db_statements_total",
      help: "SQL statements sent to the database (counted at the driver adapter).",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(statementsSent());
      },
    }),
    queueLength: new Gauge({
      name: "portal_queue_length",
      help: "People waiting per queued area (read from the waiting room at each scrape).",
      labelNames: ["area"],
      registers: [registry],
      async collect() {
        if (!state.queueLengths) return;
        try {
          for (const { area, waiting } of await state.queueLengths()) this.set({ area }, waiting);
        } catch {
          // The queue's store is unreachable: the scrape goes on without this series' new values.
        }
      },
    }),
  };
});

/** One HTTP request: route is a pattern (/api/v1/admin/incidents/:id), never a raw URL with ids. */
export function observeRequest(route: string, status: number, seconds: number) {
  metrics.requests.inc({ route, status: String(status) });
  metrics.requestSeconds.observe({ route }, seconds);
  if (status >= 500) countError("http_5xx");
}

export function observeAffix(seconds: number, outcome: "ok" | "replayed" | "failed") {
  metrics.affix.inc({ outcome });
  metrics.affixSeconds.observe(seconds);
}

export function observeVerify(seconds: number, verdict: string) {
  metrics.verify.inc({ verdict });
  metrics.verifySeconds.observe(seconds);
}

export function countError(kind: string) {
  metrics.errors.inc({ kind });
}

/** The waiting room tells where its lengths come from (lib/queue/ sits above this module). */
export function provideQueueLengths(source: TQueueLengths) {
  metrics.state.queueLengths = source;
}

/** Replaces id-like path segments so each route is one series. */
export function routePattern(pathname: string) {
  return pathname
    .split("/")
    .map((s) => (/^(c[a-z0-9]{20,}|[0-9a-f-]{32,36}|\d+|[A-Za-z0-9_-]{20,})$/.test(s) ? ":id" : s))
    .join("/");
}

export function renderMetrics(): Promise<string> {
  return metrics.registry.metrics();
}

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Wraps a route handler so it is counted like apiHandler's routes. */
export function timed<A extends unknown[]>(route: string, handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(...args);
      status = response.status;
      return response;
    } finally {
      observeRequest(route, status, (performance.now() - started) / 1000);
    }
  };
}
