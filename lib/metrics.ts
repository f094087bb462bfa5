// Prometheus metrics kept in this process (text exposition format 0.0.4). Module state lives on
// globalThis: Next bundles route handlers separately, and every bundle must count into one registry.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type THistogram = { buckets: number[]; sum: number; count: number };
type TRegistry = {
  requests: Map<string, number>;
  requestSeconds: Map<string, THistogram>;
  affix: Map<string, number>;
  affixSeconds: THistogram;
  verify: Map<string, number>;
  verifySeconds: THistogram;
  errors: Map<string, number>;
  queueLength: Map<string, number>;
  startedAt: number;
};

const g = globalThis as unknown as { __portalMetrics?: TRegistry };
const newHistogram = (): THistogram => ({ buckets: BUCKETS.map(() => 0), sum: 0, count: 0 });
const registry: TRegistry = (g.__portalMetrics ??= {
  requests: new Map(),
  requestSeconds: new Map(),
  affix: new Map(),
  affixSeconds: newHistogram(),
  verify: new Map(),
  verifySeconds: newHistogram(),
  errors: new Map(),
  queueLength: new Map(),
  startedAt: Date.now(),
});

function observe(h: THistogram, seconds: number) {
  h.sum += seconds;
  h.count++;
  for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) h.buckets[i]++;
}
const inc = (m: Map<string, number>, key: string, by = 1) => m.set(key, (m.get(key) ?? 0) + by);
const label = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** One HTTP request: route is a pattern (/api/v1/admin/incidents/:id), never a raw URL with ids. */
export function observeRequest(route: string, status: number, seconds: number) {
  inc(registry.requests, `${route}\u0000${status}`);
  let h = registry.requestSeconds.get(route);
  if (!h) registry.requestSeconds.set(route, (h = newHistogram()));
  observe(h, seconds);
  if (status >= 500) countError("http_5xx");
}

export function observeAffix(seconds: number, ok: boolean) {
  inc(registry.affix, ok ? "ok" : "failed");
  observe(registry.affixSeconds, seconds);
}

export function observeVerify(seconds: number, verdict: string) {
  inc(registry.verify, verdict);
  observe(registry.verifySeconds, seconds);
}

export function setQueueLength(area: string, length: number) {
  registry.queueLength.set(area, length);
}

export function countError(kind: string) {
  inc(registry.errors, kind);
}

/** Replaces id-like path segments so each route is one series. */
export function routePattern(pathname: string) {
  return pathname
    .split("/")
    .map((s) => (/^(c[a-z0-9]{20,}|[0-9a-f-]{32,36}|\d+|[A-Za-z0-9_-]{20,})$/.test(s) ? ":id" : s))
    .join("/");
}

function histogramLines(name: string, labels: string, h: THistogram) {
  const sep = labels ? "," : "";
  const out = BUCKETS.map((b, i) => `${name}_bucket{${labels}${sep}le="${b}"} ${h.buckets[i]}`);
  out.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${h.count}`, `${name}_sum{${labels}} ${h.sum}`, `${name}_count{${labels}} ${h.count}`);
  return out.map((l) => l.replace("{}", ""));
}

export function renderMetrics(): string {
  const lines: string[] = [];
  lines.push("# HELP portal_http_requests_total HTTP requests by route and status.", "# TYPE portal_http_requests_total counter");
  for (const [key, n] of registry.requests) {
    const [route, status] = key.split("\u0000");
    lines.push(`portal_http_requests_total{route="${label(route)}",status="${status}"} ${n}`);
  }
  lines.push("# HELP portal_http_request_duration_seconds HTTP request latency by route.", "# TYPE portal_http_request_duration_seconds histogram");
  for (const [route, h] of registry.requestSeconds) lines.push(...histogramLines("portal_http_request_duration_seconds", `route="${label(route)}"`, h));
  lines.push("# HELP portal_affix_total Affix operations by outcome.", "# TYPE portal_affix_total counter");
  for (const [k, n] of registry.affix) lines.push(`portal_affix_total{outcome="${label(k)}"} ${n}`);
  lines.push("# HELP portal_affix_duration_seconds Affix duration.", "# TYPE portal_affix_duration_seconds histogram", ...histogramLines("portal_affix_duration_seconds", "", registry.affixSeconds));
  lines.push("# HELP portal_verify_total Verifications by verdict.", "# TYPE portal_verify_total counter");
  for (const [k, n] of registry.verify) lines.push(`portal_verify_total{verdict="${label(k)}"} ${n}`);
  lines.push("# HELP portal_verify_duration_seconds Verification duration.", "# TYPE portal_verify_duration_seconds histogram", ...histogramLines("portal_verify_duration_seconds", "", registry.verifySeconds));
  lines.push("# HELP portal_errors_total Errors by kind.", "# TYPE portal_errors_total counter");
  for (const [k, n] of registry.errors) lines.push(`portal_errors_total{kind="${label(k)}"} ${n}`);
  lines.push("# HELP portal_queue_length People waiting per queued area.", "# TYPE portal_queue_length gauge");
  for (const [k, n] of registry.queueLength) lines.push(`portal_queue_length{area="${label(k)}"} ${n}`);
  lines.push("# HELP portal_process_start_time_seconds Start time of the process.", "# TYPE portal_process_start_time_seconds gauge", `portal_process_start_time_seconds ${Math.floor(registry.startedAt / 1000)}`);
  return `${lines.join("\n")}\n`;
}

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
