// Starts a fresh cluster (its own PostgreSQL database, data folder and ports) for one cluster test, and
// removes it all afterwards.
import { randomBytes } from "node:crypto";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCluster, type TCluster } from "../scripts/cluster/start-cluster";
import { freePortRange } from "./cluster-client";


export async function freshCluster(options: { nodes?: number; env?: Record<string, string> } = {}): Promise<TCluster & { dispose(): Promise<void> }> {
  const nodes = options.nodes ?? 3;
  const name = `emeterai_cluster_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), "emeterai-cluster-"));
  const port = await freePortRange(nodes + 2);
  const cluster = await startCluster({
    nodes,
    port,
    databaseUrl: postgresDatabaseUrl(name),
    dataRoot,
    output: process.env.CLUSTER_OUTPUT === "inherit" ? "inherit" : "ignore",
    env: {
      RATE_LIMIT_DISABLED: "1",
      // Overload shedding has its own tests; here a refusal from a busy 2-core machine would count as lost.
      QUEUE_MAX_EVENT_LOOP_DELAY_MS: "5000",
      PDF_WORKERS: "1",
      ...options.env,
    },
  });
  return {
    ...cluster,
    async dispose() {
      await cluster.stop();
      await cluster.forgetRedisKeys();
      await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}

/** HAProxy's view of each node (UP, DOWN, …), from its stats page. */
export async function balancerView(cluster: TCluster): Promise<Record<string, string>> {
  const csv = await (await fetch(`${cluster.statsUrl};csv`)).text();
  const rows = csv.split("\n").map((line) => line.split(","));
  return Object.fromEntries(rows.filter((r) => r[0] === "nodes" && r[1].startsWith("node")).map((r) => [r[1], r[17]]));
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
