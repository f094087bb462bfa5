/**
 * npm run bench:surge [-- --quick] [-- --only=memory|redis]
 * A deadline rush on the buy page against the production build (`node server.mjs`, 127.0.0.1 only):
 * 20,000 visitors arrive within 60 s (each from its own address, as behind a carrier NAT they would not
 * be, but the per-IP cap is not what is measured here); the buy area allows 200 active users and admits
 * 600 per minute. Each visitor loads /buy, is sent to the waiting page, loads it, polls its ticket as the
 * page does (after pollAfterSeconds: 20 s, or sooner when its turn is expected sooner), and once
 * admitted completes a real purchase: POST
 * /api/v1/orders + POST /api/v1/payments/simulator/{id}/pay, then frees its place (POST
 * /api/v1/queue/leave, what the buy flow's completion does). A status-page reader (on its own thread, so
 * the generator's busy event loop does not add to what it measures) fetches /status five
 * times a second throughout. Run once with the in-process store and once with Redis and two processes
 * (every request goes to a random one). The run stops by itself: arrivals (60 s) + 120 s of draining;
 * people still waiting then are counted, not waited for (20,000 at 600/min would take 33 minutes).
 * --quick: 2,000 visitors in 20 s, 60 s in all. Needs a build: NEXT_DIST_DIR=.next-<you> npx next build.
 */
import http from "node:http";
import { Worker } from "node:worker_threads";
import { readFileSync, readdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { PG_ADMIN_URL, postgresAdmin } from "@/test/helpers/postgres-admin";
import { admin, startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";
import { median, percentile } from "./lib/stats";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const VISITORS = Number(process.env.SURGE_VISITORS ?? (quick ? 2_000 : 20_000));
const ARRIVAL_MS = Number(process.env.SURGE_ARRIVAL_SECONDS ?? (quick ? 20 : 60)) * 1000;
const RUN_MS = Number(process.env.SURGE_RUN_SECONDS ?? (quick ? 60 : 180)) * 1000;
const MAX_ACTIVE = 200;
const ADMIT_PER_MINUTE = 600;
const REDIS_URL = "redis://127.0.0.1:6379";


type TResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<TResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers: body ? { ...headers, "content-length": Buffer.byteLength(body) } : headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

type TStats = {
  unexpected5xx: number;
  intended503: number;
  networkErrors: number;
  waitingPageMs: number[];
  pollMs: number[];
  statusMs: number[];
  estimateErrors: number[];
  expired: number;
  purchases: number;
  purchaseFailures: number;
  admissions: { visitor: number; admissionNumber: number; enteredAt: number; entryStartedAt: number }[];
  admittedSamples: { at: number; total: number }[];
};

class Visitor {
  readonly cookies = new Map<string, string>();
  readonly ip: string;
  constructor(readonly id: number, readonly ports: number[]) {
    this.ip = `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`;
  }
  port() {
    return this.ports[Math.floor(Math.random() * this.ports.length)];
  }
  async go(stats: TStats, method: string, path: string, extra: Record<string, string> = {}, body?: string): Promise<TResponse | null> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    try {
      const r = await request(this.port(), method, path, { "x-forwarded-for": this.ip, ...(cookie ? { cookie } : {}), ...extra }, body);
      for (const line of ([] as string[]).concat(r.headers["set-cookie"] ?? [])) {
        const [pair, ...attrs] = line.split(";");
        const i = pair.indexOf("=");
        const name = pair.slice(0, i).trim();
        const value = pair.slice(i + 1).trim();
        if (!value || attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a))) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      if (r.status >= 500) {
        const intended = r.status === 503 && Boolean(r.headers["retry-after"]) && /QUEUE_WAITING|OVERLOADED|Server sibuk/.test(r.body);
        if (intended) stats.intended503 += 1;
        else stats.unexpected5xx += 1;
      }
      return r;
    } catch {
      stats.networkErrors += 1;
      return null;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runVisitor(v: Visitor, stats: TStats, token: string, startAt: number, endAt: number): Promise<void> {
  const entryStartedAt = performance.now();
  const entry = await v.go(stats, "GET", "/buy");
  if (!entry) return;
  const enteredAt = performance.now();
  let admissionNumber: number | null = null;
  let firstEstimate: { at: number; seconds: number } | null = null;
  if (entry.status === 303) {
    const page = await v.go(stats, "GET", "/queue?area=buy&next=%2Fbuy");
    if (page) stats.waitingPageMs.push(page.ms);
    // The first estimate is the one the waiting page shows; then the page polls after pollAfterSeconds.
    const shown = page ? /data-estimated-wait-seconds="(\d+)"/.exec(page.body) : null;
    const pollAfter = page ? Number(/data-poll="(\d+)"/.exec(page.body)?.[1] ?? 20) : 20;
    if (shown) firstEstimate = { at: performance.now(), seconds: Number(shown[1]) };
    await sleep(pollAfter * 1000 * (0.9 + Math.random() * 0.2));
    while (performance.now() < endAt) {
      const poll = await v.go(stats, "GET", "/api/v1/queue/ticket?area=buy&next=%2Fbuy");
      if (!poll) {
        await sleep(5000);
        continue;
      }
      stats.pollMs.push(poll.ms);
      const view = JSON.parse(poll.body) as { state: string; estimatedWaitSeconds?: number; pollAfterSeconds?: number; admissionNumber?: number | null; reason?: string };
      if (view.state === "waiting") {
        firstEstimate ??= { at: performance.now(), seconds: view.estimatedWaitSeconds ?? 0 };
        // The page polls every pollAfterSeconds; the jitter spreads the rush's polls like real clocks do.
        await sleep((view.pollAfterSeconds ?? 20) * 1000 * (0.9 + Math.random() * 0.2));
        continue;
      }
      if (view.state === "admitted") {
        admissionNumber = view.admissionNumber ?? null;
        if (firstEstimate) stats.estimateErrors.push(Math.abs((performance.now() - firstEstimate.at) / 1000 - firstEstimate.seconds));
        break;
      }
      stats.expired += 1; // refused or gone: counted, the visitor gives up
      return;
    }
    if (admissionNumber === null) return; // still waiting when the run ended
  } else if (entry.status !== 200) {
    return;
  }
  if (admissionNumber !== null) stats.admissions.push({ visitor: v.id, admissionNumber, enteredAt, entryStartedAt });

  // The purchase: create the order, pay it through the QRIS simulator, free the place.
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `surge-${v.id}-${randomBytes(4).toString("hex")}` };
  const order = await v.go(stats, "POST", "/api/v1/orders", auth, JSON.stringify({ quantity: 1 }));
  const orderId = order && order.status < 300 ? (JSON.parse(order.body) as { id: string }).id : null;
  const paid = orderId ? await v.go(stats, "POST", `/api/v1/payments/simulator/${orderId}/pay`, { authorization: auth.authorization }) : null;
  if (paid && paid.status < 300) stats.purchases += 1;
  else stats.purchaseFailures += 1;
  await v.go(stats, "POST", "/api/v1/queue/leave?area=buy");
  void startAt;
}

function peakMemoryMb(groupLeader: number): number {
  let peak = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgid !== groupLeader) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return peak;
}

function fifoViolations(admissions: TStats["admissions"]): number {
  // Visitor a entered strictly before b (a's entry answered before b's was sent): a must be admitted first.
  const byEntry = [...admissions].sort((a, b) => a.enteredAt - b.enteredAt);
  let violations = 0;
  for (let i = 0; i < byEntry.length; i += 1) {
    for (let j = 0; j < byEntry.length; j += 1) {
      if (byEntry[i].enteredAt < byEntry[j].entryStartedAt && byEntry[i].admissionNumber > byEntry[j].admissionNumber) violations += 1;
    }
  }
  return violations;
}

async function runScenario(mode: "memory" | "redis"): Promise<Record<string, string>> {
  const prefix = `bench:surge:${randomBytes(4).toString("hex")}`;
  // Several processes share PostgreSQL in production; two processes writing one SQLite file is not a
  // supported set-up (lock timeouts), so the Redis run gets a fresh PostgreSQL database of its own.
  const pgDatabase = mode === "redis" ? `emeterai_surge_${randomBytes(4).toString("hex")}` : null;
  if (pgDatabase) await postgresAdmin(`CREATE DATABASE "${pgDatabase}"`);
  const env: Record<string, string> = {
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
    ORDER_MAX_QUANTITY: "100",
    RATE_LIMIT_DISABLED: "1",
    PROBE_INTERVAL_SECONDS: "0",
    ...(mode === "redis" ? { REDIS_URL, QUEUE_REDIS_PREFIX: prefix, DATABASE_URL: `${PG_ADMIN_URL.replace(/\/[^/]*$/, "")}/${pgDatabase}` } : {}),
  };
  const servers: TPortalServer[] = [await startPortalServer({ env })];
  if (mode === "redis") servers.push(await startPortalServer({ env, dataDir: servers[0].dataDir }));
  const ports = servers.map((s) => Number(new URL(s.url).port));
  const stats: TStats = { unexpected5xx: 0, intended503: 0, networkErrors: 0, waitingPageMs: [], pollMs: [], statusMs: [], estimateErrors: [], expired: 0, purchases: 0, purchaseFailures: 0, admissions: [], admittedSamples: [] };
  try {
    const operatorToken = admin(servers[0], ["create-token", "--email", "operator@demo.local", "--name", "surge"]);
    const applicantToken = admin(servers[0], ["create-token", "--email", "pemohon@demo.local", "--name", "surge"]);
    const put = await request(ports[0], "PUT", "/api/v1/admin/queue/buy", { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" }, JSON.stringify({ enabled: true, maxActiveUsers: MAX_ACTIVE, admitPerMinute: ADMIT_PER_MINUTE, sessionMinutes: 10, opensAt: null }));
    if (put.status !== 200) throw new Error(`could not set the queue: ${put.status} ${put.body}`);
    await sleep(1500); // the other process's settings cache
    for (const port of ports) await request(port, "GET", "/status", {}); // warm the status page

    const startAt = performance.now();
    const endAt = startAt + RUN_MS;
    let running = true;
    const statusReader = new Worker(new URL("./lib/status-reader.mjs", import.meta.url), { workerData: { ports, intervalMs: 200 } });
    const statusRead = new Promise<{ timings: number[]; errors: number; fivexx: number }>((resolve) => statusReader.once("message", resolve));
    const sampler = (async () => {
      while (running) {
        try {
          const r = await request(ports[0], "GET", "/api/v1/queue", {});
          const buy = (JSON.parse(r.body) as { areas: { area: string; admittedTotal: number }[] }).areas.find((a) => a.area === "buy");
          if (buy) stats.admittedSamples.push({ at: performance.now() - startAt, total: buy.admittedTotal });
        } catch {
          // counted by the readers
        }
        await sleep(1000);
      }
    })();
    const visitors: Promise<void>[] = [];
    for (let i = 0; i < VISITORS; i += 1) {
      const due = startAt + (i / VISITORS) * ARRIVAL_MS;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      visitors.push(runVisitor(new Visitor(i, ports), stats, applicantToken, startAt, endAt));
    }
    await sleep(Math.max(0, endAt - performance.now()));
    running = false;
    statusReader.postMessage("stop");
    const read = await statusRead;
    await statusReader.terminate();
    stats.statusMs.push(...read.timings);
    stats.unexpected5xx += read.fivexx;
    stats.networkErrors += read.errors;
    // Requests in flight get a few seconds to finish; nothing waits for the queue to drain.
    await Promise.race([Promise.all(visitors), sleep(35_000)]);
    await sampler;

    const memory = servers.map((s) => peakMemoryMb(s.pid));
    // Admissions per full minute, from the server's own counter (the first minute includes the
    // initial burst of free places, so minutes are counted from the first sample).
    const perMinute: number[] = [];
    for (let m = 1; m * 60_000 <= RUN_MS; m += 1) {
      const at = (t: number) => stats.admittedSamples.reduce((best, s) => (Math.abs(s.at - t) < Math.abs(best.at - t) ? s : best), stats.admittedSamples[0]);
      perMinute.push(at(m * 60_000).total - at((m - 1) * 60_000).total);
    }
    const finalTotal = stats.admittedSamples.at(-1)?.total ?? 0;
    const pct = (n: number) => `${n >= 0 ? "+" : ""}${((n / ADMIT_PER_MINUTE - 1) * 100).toFixed(1)}%`;
    return {
      "Admitted per minute vs setting 600 (±5%)": perMinute.map((n) => `${n} (${pct(n)})`).join(", "),
      "Admitted in total (server counter) / purchases completed": `${finalTotal} / ${stats.purchases} (failed ${stats.purchaseFailures})`,
      "5xx other than the intended 503 (target 0)": `${stats.unexpected5xx} (intended 503: ${stats.intended503}; network errors/timeouts: ${stats.networkErrors})`,
      "FIFO violations (target 0)": `${fifoViolations(stats.admissions)} among ${stats.admissions.length} admissions`,
      "Waiting page GET /queue p50 / p99": `${median(stats.waitingPageMs).toFixed(1)} / ${percentile(stats.waitingPageMs, 99).toFixed(1)} ms (${stats.waitingPageMs.length})`,
      "Waiting page poll GET /api/v1/queue/ticket p50 / p99": `${median(stats.pollMs).toFixed(1)} / ${percentile(stats.pollMs, 99).toFixed(1)} ms (${stats.pollMs.length})`,
      "Status page /status p99 during the rush (< 100 ms)": `${percentile(stats.statusMs, 99).toFixed(1)} ms (p50 ${median(stats.statusMs).toFixed(1)}, ${stats.statusMs.length} reads)`,
      "First wait estimate: median absolute error": `${median(stats.estimateErrors).toFixed(1)} s over ${stats.estimateErrors.length} admitted (detection lag included: the page asks again when its turn is expected)`,
      "Tickets expired/refused": String(stats.expired),
      "Server peak memory (VmHWM)": memory.map((m) => `${m.toFixed(0)} MB`).join(" + "),
    };
  } finally {
    for (const s of servers) await s.stop({ keepData: s !== servers[0] && mode === "redis" });
    if (pgDatabase) await postgresAdmin(`DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`).catch(() => {});
    if (mode === "redis") {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  }
}

// Hard stop: the benchmark must end by itself whatever happens.
const hardStop = setTimeout(() => {
  console.error("surge: hard time limit reached");
  process.exit(2);
}, RUN_MS * 2 + 240_000);
hardStop.unref();

const modes = (only ? [only] : ["memory", "redis"]) as ("memory" | "redis")[];
const results: Record<string, Record<string, string>> = {};
for (const mode of modes) {
  console.error(`surge: ${mode} (${VISITORS} visitors in ${ARRIVAL_MS / 1000} s, run ${RUN_MS / 1000} s)…`);
  results[mode] = await runScenario(mode);
}
const columns = modes.map((m) => (m === "memory" ? "1 process, memory store" : "2 processes, Redis"));
console.log(`\n## Surge on /buy: ${VISITORS} visitors in ${ARRIVAL_MS / 1000} s, ${MAX_ACTIVE} active, ${ADMIT_PER_MINUTE}/min, run ${RUN_MS / 1000} s${quick ? " (--quick)" : ""}\n`);
console.log(`| figure | ${columns.join(" | ")} |`);
console.log(`|---|${columns.map(() => "---").join("|")}|`);
for (const figure of Object.keys(results[modes[0]])) console.log(`| ${figure} | ${modes.map((m) => results[m][figure]).join(" | ")} |`);
agent.destroy();
process.exit(0);
