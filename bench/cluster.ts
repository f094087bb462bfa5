/**
 * The cluster's cost and the audit log's hot path, each figure next to its reference measured in the
 * same run (`npm run bench:cluster`; run `npm run build` first; BENCH_SECONDS per phase, default 20):
 *   1. three nodes behind HAProxy against one node alone, affix and purchase goodput (same cores);
 *   2. PostgreSQL against SQLite, one node with its files on disk (the store is not what is compared),
 *      affix and purchase goodput;
 *   3. audited writes per second on PostgreSQL with 64 concurrent writers: before (one global advisory
 *      lock and one shared head row per write, as lib/audit/append-audit.ts did) and after (insert-only,
 *      the sequencer linking them in batches).
 * Load: C clients (BENCH_CLIENTS, default 8), each an applicant with an API token, each looping over one
 * operation: POST /api/v1/affix (a one-page PDF, quota granted beforehand) or a purchase (POST
 * /api/v1/orders + the simulator's payment, credited through the webhook).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";
import { ApplicantClient, freePortRange, onePagePdf } from "../e2e/cluster-client";
import { startCluster, type TCluster } from "../scripts/cluster/start-cluster";
import { startPortalServer } from "@/test/helpers/portal-server";
import { processCpuMs } from "@/test/helpers/process-usage";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const COMMON_ENV = { RATE_LIMIT_DISABLED: "1", QUEUE_MAX_EVENT_LOOP_DELAY_MS: "5000", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

type TGoodput = { affix: number; purchase: number; nodeCpuMsPerStamp: number; dbCpuMsPerStamp: number; nodeCpuMsPerPurchase: number; dbCpuMsPerPurchase: number };
type TTarget = { url: string; env: Record<string, string>; nodePids: () => number[] };

/** CPU seconds (user + system) used so far by the given processes and their threads, from /proc. */
function cpuSeconds(pids: number[]): number {
  const ms = pids.reduce((sum, pid) => {
    try {
      return sum + processCpuMs(pid);
    } catch {
      return sum; // the process has gone
    }
  }, 0);
  return ms / 1000;
}

/** PostgreSQL's server processes on this machine (the benchmark's database is the busy one). */
function postgresPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
      } catch {
        return false;
      }
    });
}

function makeAccounts(env: Record<string, string>, count: number, units: number): string[] {
  const tsx = (args: string[]) => execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  const accounts = JSON.parse(tsx(["test/helpers/make-accounts-cli.ts", String(count), "bench"]).trim().split("\n").at(-1)!) as { email: string; token: string }[];
  for (const account of accounts) tsx(["test/helpers/grant-quota-cli.ts", account.email, String(units)]);
  return accounts.map((a) => a.token);
}

/** Successful operations per second over SECONDS, with CLIENTS clients each looping over `operation`. */
async function goodput(clients: ApplicantClient[], operation: (client: ApplicantClient, c: number, n: number) => Promise<boolean>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let ok = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let n = 0; Date.now() < until; n++) if (await operation(client, c, n)) ok++;
    }),
  );
  return ok / SECONDS;
}

async function measure(target: TTarget, label: string): Promise<TGoodput> {
  const tag = randomBytes(3).toString("hex");
  const clients = makeAccounts(target.env, CLIENTS, 100_000).map((token) => new ApplicantClient(target.url, token));
  const pdf = await onePagePdf("Surat pernyataan");
  // Warm-up: the first requests compile routes and start worker threads.
  await Promise.all(clients.map((client, c) => client.affix(pdf, `warm-${tag}-${c}`)));
  const cpu = () => ({ node: cpuSeconds(target.nodePids()), db: cpuSeconds(postgresPids()) });
  const beforeAffix = cpu();
  const affix = await goodput(clients, async (client, c, n) => (await client.affix(pdf, `affix-${tag}-${c}-${n}`)) !== null);
  const afterAffix = cpu();
  const purchase = await goodput(clients, async (client, c, n) => {
    const orderId = await client.order(`order-${tag}-${c}-${n}`);
    return orderId !== null && (await client.pay(orderId));
  });
  const afterPurchase = cpu();
  const perOp = (seconds: number, rate: number) => (rate > 0 ? (seconds * 1000) / (rate * SECONDS) : 0);
  const result = {
    affix,
    purchase,
    nodeCpuMsPerStamp: perOp(afterAffix.node - beforeAffix.node, affix),
    dbCpuMsPerStamp: perOp(afterAffix.db - beforeAffix.db, affix),
    nodeCpuMsPerPurchase: perOp(afterPurchase.node - afterAffix.node, purchase),
    dbCpuMsPerPurchase: perOp(afterPurchase.db - afterAffix.db, purchase),
  };
  console.log(
    `  ${label}: affix ${affix.toFixed(1)}/s (node CPU ${result.nodeCpuMsPerStamp.toFixed(0)} ms, PostgreSQL CPU ${result.dbCpuMsPerStamp.toFixed(1)} ms per stamp), ` +
      `purchase ${purchase.toFixed(1)}/s (node CPU ${result.nodeCpuMsPerPurchase.toFixed(0)} ms, PostgreSQL CPU ${result.dbCpuMsPerPurchase.toFixed(1)} ms per purchase)`,
  );
  return result;
}

async function withCluster<T>(nodes: number, work: (cluster: TCluster) => Promise<T>): Promise<T> {
  const name = `bench_cluster_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), "bench-cluster-"));
  const cluster = await startCluster({ nodes, port: await freePortRange(nodes + 2), databaseUrl: postgresDatabaseUrl(name), dataRoot, output: "ignore", env: COMMON_ENV });
  try {
    return await work(cluster);
  } finally {
    await cluster.stop();
    await cluster.forgetRedisKeys();
    await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

const nodePids = (cluster: TCluster) => cluster.nodes.map((node) => node.pid()).filter((pid): pid is number => pid !== null);

/** Audited writes per second with 64 concurrent writers on a fresh PostgreSQL database, before and after. */
async function auditWrites(): Promise<{ before: number; after: number }> {
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/audit-writes.ts"], { env: process.env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

const ratio = (ours: number, reference: number) => (reference > 0 ? `${Math.round((ours / reference) * 100)}%` : "–");

console.log(`\n## Cluster benchmark: ${CLIENTS} clients, ${SECONDS} s per phase\n`);
console.log("measuring one node on SQLite…");
const sqliteServer = await startPortalServer({ env: COMMON_ENV });
let sqlite: TGoodput;
try {
  const env = { DATA_DIR: sqliteServer.dataDir } as Record<string, string>;
  sqlite = await measure({ url: sqliteServer.url, env, nodePids: () => [sqliteServer.pid] }, "one node, SQLite");
} finally {
  await sqliteServer.stop();
}
console.log("measuring one node on PostgreSQL, files on disk as with SQLite…");
const pgDiskName = `bench_cluster_disk_${Date.now()}_${randomBytes(3).toString("hex")}`;
await postgresAdmin(`CREATE DATABASE "${pgDiskName}"`);
const pgDiskServer = await startPortalServer({ env: { ...COMMON_ENV, DATABASE_URL: postgresDatabaseUrl(pgDiskName) } });
let pgDisk: TGoodput;
try {
  pgDisk = await measure({ url: pgDiskServer.url, env: { DATA_DIR: pgDiskServer.dataDir, DATABASE_URL: pgDiskServer.env.DATABASE_URL! }, nodePids: () => [pgDiskServer.pid] }, "one node, PostgreSQL, files on disk");
} finally {
  await pgDiskServer.stop();
  await postgresAdmin(`DROP DATABASE IF EXISTS "${pgDiskName}" WITH (FORCE)`);
}
console.log("measuring one node of the cluster (PostgreSQL, Redis, files in s3rver)…");
const onePg = await withCluster(1, (cluster) => measure({ url: cluster.nodes[0].url, env: { ...cluster.nodeEnv, DATA_DIR: "/tmp/bench-cluster-cli" }, nodePids: () => nodePids(cluster) }, "one node of the cluster (PostgreSQL + s3rver)"));
console.log("measuring three nodes behind HAProxy…");
const three = await withCluster(3, (cluster) => measure({ url: cluster.url, env: { ...cluster.nodeEnv, DATA_DIR: "/tmp/bench-cluster-cli" }, nodePids: () => nodePids(cluster) }, "three nodes + HAProxy, PostgreSQL"));
console.log("measuring audited writes…");
const audit = await auditWrites();

console.log("\n| figure | ours | reference (same run) | ratio | target |");
console.log("|---|---|---|---|---|");
console.log(`| affix goodput, 3 nodes + HAProxy vs 1 node (PostgreSQL) | ${three.affix.toFixed(1)}/s | ${onePg.affix.toFixed(1)}/s | ${ratio(three.affix, onePg.affix)} | ≥ 85% |`);
console.log(`| purchase goodput, 3 nodes + HAProxy vs 1 node (PostgreSQL) | ${three.purchase.toFixed(1)}/s | ${onePg.purchase.toFixed(1)}/s | ${ratio(three.purchase, onePg.purchase)} | ≥ 85% |`);
console.log(`| affix goodput, PostgreSQL vs SQLite (1 node, files on disk) | ${pgDisk.affix.toFixed(1)}/s | ${sqlite.affix.toFixed(1)}/s | ${ratio(pgDisk.affix, sqlite.affix)} | ≥ 80% |`);
console.log(`| purchase goodput, PostgreSQL vs SQLite (1 node, files on disk) | ${pgDisk.purchase.toFixed(1)}/s | ${sqlite.purchase.toFixed(1)}/s | ${ratio(pgDisk.purchase, sqlite.purchase)} | ≥ 80% |`);
console.log(`| audited writes/s on PostgreSQL, 64 writers: insert-only + sequencer vs global lock | ${audit.after.toFixed(0)}/s | ${audit.before.toFixed(0)}/s | ${ratio(audit.after, audit.before)} | (reported) |`);
console.log(`\nCPU per operation (inputs of the README's capacity model): one node on PostgreSQL, a stamp costs ${onePg.nodeCpuMsPerStamp.toFixed(0)} ms of node CPU and ${onePg.dbCpuMsPerStamp.toFixed(1)} ms of PostgreSQL CPU; a purchase ${onePg.nodeCpuMsPerPurchase.toFixed(0)} ms and ${onePg.dbCpuMsPerPurchase.toFixed(1)} ms.`);
