// `npm run cluster [-- --nodes 3 --port 3000]`: the portal as a cluster on this machine (see
// scripts/cluster/start-cluster.ts): N nodes, PostgreSQL, Redis, s3rver and HAProxy in front. Ctrl-C
// drains every node and stops. Run `npm run build` first.
import path from "node:path";
import { startCluster } from "./cluster/start-cluster";

const args = process.argv.slice(2);
const option = (flag: string, fallback: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const nodes = Number(option("--nodes", "3"));
const port = Number(option("--port", "3000"));
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16 || !Number.isInteger(port) || port < 1 || port > 65_000) {
  console.error("Usage: npm run cluster -- [--nodes 1..16] [--port P]   (HAProxy on P, nodes on P+1…P+N)");
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/emeterai_cluster";
const cluster = await startCluster({ nodes, port, databaseUrl, redisUrl: process.env.REDIS_URL, dataRoot: path.resolve(option("--data", "data/cluster")) });
console.log(`[cluster] ${nodes} nodes behind HAProxy at ${cluster.url} (HAProxy stats: ${cluster.statsUrl}); database ${databaseUrl}; object store ${cluster.s3.endpoint}; Ctrl-C stops`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log("[cluster] draining every node…");
    await cluster.stop();
    process.exit(0);
  });
}
