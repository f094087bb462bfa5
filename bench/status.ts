// `npm run bench:status`: p50/p99 latency and requests/s of /status and /api/v2/summary.json with 64
// concurrent connections, next to a static file served by the same server (the reference), measured
// alone and again while the affix load (8 clients stamping through the API) keeps the machine busy. The server is a
// production build (`node server.mjs`, NEXT_DIST_DIR or .next) on a fresh data dir. Requests ask for
// compression as browsers do; /status is measured once more without it (a client that cannot decompress).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error autocannon ships no type declarations
import autocannon from "autocannon";
import { freePort } from "@/test/helpers/free-port";

const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "emeterai-bench-status-"));
const serverEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, PROBE_INTERVAL_SECONDS: "0", RATE_LIMIT_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
delete serverEnv.DATABASE_URL;

function run(cmd: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { env: serverEnv, stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
  });
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not answer at ${url}`);
}

// The load is the affix benchmark's: 8 clients stamping an 800 KB PDF through POST /api/v1/affix on the
// same server, as fast as it answers (bench/lib/affix-load.ts).
function startLoad(token: string): ChildProcess {
  // Its own process group: npx → node, and the whole group is stopped at the end.
  return spawn("npx", ["tsx", "bench/lib/affix-load.ts", base, token, "8"], { env: serverEnv, stdio: ["ignore", "pipe", "inherit"], detached: true });
}

type TRow = { target: string; phase: string; p50: number; p99: number; rps: number; errors: number };

async function measure(target: string, phase: string): Promise<TRow> {
  const [path, encoding] = target.split(" ");
  // A browser always asks for compression; "(uncompressed)" rows measure a client that does not.
  const headers = encoding === "(uncompressed)" ? {} : { "accept-encoding": "gzip, deflate, br" };
  const r: { latency: { p50: number; p99: number }; requests: { average: number }; errors: number; non2xx: number; timeouts: number } = await autocannon({ url: `${base}${path}`, connections: 64, duration, headers });
  return { target, phase, p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average), errors: r.errors + r.non2xx + r.timeouts };
}

const targets = ["/status", "/status (uncompressed)", "/api/v2/summary.json", "/bench-static.txt"];
await run("npx", ["tsx", "--conditions=react-server", "scripts/db/migrate.ts"]);
await run("npx", ["tsx", "--conditions=react-server", "prisma/seed.ts"]);
const token = execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", "create-token", "--email", "pemohon@demo.local", "--name", "bench-status"], { env: serverEnv, encoding: "utf8" }).trim();
execFileSync("npx", ["tsx", "--conditions=react-server", "test/helpers/grant-quota-cli.ts", "pemohon@demo.local", "100000"], { env: serverEnv, stdio: "inherit" });
const server = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], { env: serverEnv, stdio: ["ignore", "ignore", "inherit"], detached: true });
const rows: TRow[] = [];
let load: ChildProcess | null = null;
let loadReport = "";
try {
  await waitFor(`${base}/api/health`);
  for (const t of targets) await autocannon({ url: `${base}${t.split(" ")[0]}`, connections: 8, duration: 2 }); // warm-up
  for (const t of targets) rows.push(await measure(t, "alone"));
  load = startLoad(token);
  load.stdout!.on("data", (chunk) => (loadReport += chunk));
  await new Promise((r) => setTimeout(r, 4_000));
  for (const t of targets) rows.push(await measure(t, "while affixing (8 clients)"));
} finally {
  if (load) {
    const exited = new Promise((r) => load!.once("exit", r));
    process.kill(-load.pid!, "SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  }
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}

console.log(`\nbench/status: 64 connections, ${duration} s per run, ${os.cpus().length} cores. Load: 8 clients affixing 800 KB PDFs on the same server (${loadReport.trim() || "no report"}).`);
console.log("| target | phase | p50 ms | p99 ms | req/s | errors | p99 vs static |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const ref = rows.find((x) => x.phase === r.phase && x.target === "/bench-static.txt")!;
  console.log(`| ${r.target} | ${r.phase} | ${r.p50} | ${r.p99} | ${r.rps} | ${r.errors} | ${(r.p99 / Math.max(ref.p99, 1)).toFixed(2)}× |`);
}
const worst = Math.max(...rows.filter((r) => r.phase !== "alone" && r.target !== "/bench-static.txt").map((r) => r.p99));
console.log(`\nTarget p99 < 100 ms while saturated: ${worst < 100 ? "met" : "NOT met"} (worst ${worst} ms).`);
process.exit(0);
