// `npm run bench:status`: p50/p99 latency and requests/s of /status and /api/v2/summary.json with 64
// concurrent connections, next to a static file served by the same server (the reference), measured
// alone and again while child processes keep every core busy with PDF-like work. The server is a
// production build (`next start`, NEXT_DIST_DIR or .next) on a fresh data dir.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error autocannon ships no type declarations
import autocannon from "autocannon";

const port = Number(process.env.BENCH_PORT ?? 3479);
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

// Real PDF-like CPU work: SHA-256 over a 5 MB buffer and a pdf-lib load + save of a corpus file.
const LOAD_SCRIPT = `
const { createHash, randomBytes } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { PDFDocument } = require(${JSON.stringify(path.resolve("node_modules/pdf-lib"))});
const buf = randomBytes(5 * 1024 * 1024);
const pdf = process.argv[1] ? readFileSync(process.argv[1]) : null;
(async () => { for (;;) { createHash("sha256").update(buf).digest(); if (pdf) { const d = await PDFDocument.load(pdf, { ignoreEncryption: true }); await d.save(); } } })();
`;

function corpusFile(): string {
  const dir = "/work/shared/corpus/real-world";
  try {
    const files = readdirSync(dir).filter((f) => f.endsWith(".pdf"));
    return files.length ? path.join(dir, files[0]) : "";
  } catch {
    return "";
  }
}

function startLoad(): ChildProcess[] {
  const file = corpusFile();
  return Array.from({ length: os.cpus().length }, () => spawn(process.execPath, ["-e", LOAD_SCRIPT, file], { stdio: "ignore" }));
}

type TRow = { target: string; phase: string; p50: number; p99: number; rps: number; errors: number };

async function measure(target: string, phase: string): Promise<TRow> {
  const r: { latency: { p50: number; p99: number }; requests: { average: number }; errors: number; non2xx: number; timeouts: number } = await autocannon({ url: `${base}${target}`, connections: 64, duration });
  return { target, phase, p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average), errors: r.errors + r.non2xx + r.timeouts };
}

const targets = ["/status", "/api/v2/summary.json", "/bench-static.txt"];
await run("npx", ["tsx", "--conditions=react-server", "scripts/db/migrate.ts"]);
const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], { env: serverEnv, stdio: ["ignore", "ignore", "inherit"], detached: true });
const rows: TRow[] = [];
let load: ChildProcess[] = [];
try {
  await waitFor(`${base}/api/health`);
  for (const t of targets) await autocannon({ url: `${base}${t}`, connections: 8, duration: 2 }); // warm-up
  for (const t of targets) rows.push(await measure(t, "alone"));
  load = startLoad();
  await new Promise((r) => setTimeout(r, 2_000));
  for (const t of targets) rows.push(await measure(t, `CPU saturated (${load.length} busy processes)`));
} finally {
  for (const p of load) p.kill();
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}

console.log(`\nbench/status: 64 connections, ${duration} s per run, ${os.cpus().length} cores. CPU load: child processes looping SHA-256 of 5 MB + pdf-lib load/save of ${corpusFile() || "(no corpus file)"} (the affix benchmark stands in for this once it exists).`);
console.log("| target | phase | p50 ms | p99 ms | req/s | errors | p99 vs static |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const ref = rows.find((x) => x.phase === r.phase && x.target === "/bench-static.txt")!;
  console.log(`| ${r.target} | ${r.phase} | ${r.p50} | ${r.p99} | ${r.rps} | ${r.errors} | ${(r.p99 / Math.max(ref.p99, 1)).toFixed(2)}× |`);
}
const worst = Math.max(...rows.filter((r) => r.phase !== "alone" && r.target !== "/bench-static.txt").map((r) => r.p99));
console.log(`\nTarget p99 < 100 ms while saturated: ${worst < 100 ? "met" : "NOT met"} (worst ${worst} ms).`);
process.exit(0);
