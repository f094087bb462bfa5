// What a benchmarked server has spent so far: its CPU time (worker threads included, from /proc) and the
// SQL statements it has sent (GET /metrics, portal_db_statements_total). Differences of two readings,
// divided by the work done between them, give the per-stamp and per-document figures.
import { processCpuMs } from "@/test/helpers/process-usage";
import type { TPortalServer } from "@/test/helpers/portal-server";

/** The server must be started with this METRICS_TOKEN (`serverCostEnv`) for the statements to be read. */
export const serverCostEnv = { METRICS_TOKEN: "bench-metrics-token-0123456789" };

export async function serverCost(server: TPortalServer): Promise<{ cpuMs: number; statements: number }> {
  const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${serverCostEnv.METRICS_TOKEN}` } }).then((r) => r.text());
  return { cpuMs: processCpuMs(server.pid), statements: Number(/^portal_db_statements_total (\d+)/m.exec(metrics)?.[1] ?? NaN) };
}
