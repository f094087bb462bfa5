/**
 * A diagnostic companion to bench:storm (node --conditions=react-server --import tsx bench/storm-trace.ts):
 * the same affix load in phases (TRACE_PHASES, default capacity,storm,recovery; also fairness), each
 * TRACE_SECONDS long, with what bench:storm does not show: the server's CPU per stamp (all its threads,
 * from /proc) next to the load generator's, garbage collection (from /metrics), stamps per half second,
 * and the admission controller's limit, turns in use, queue and oldest wait (/api/health, every 250 ms).
 * PHASE lines carry monotonic microseconds, to cut a --cpu-prof profile (PORTAL_NODE_ARGS) by phase.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { generatePdf } from "./lib/generate-pdf";
import { affixRequestBody } from "./lib/http-client";
import { percentile } from "./lib/stats";
import { startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const TOKEN = "bench-metrics-token-0123456789";
const pdf = await generatePdf(800_000, 3);
const affixBody = await affixRequestBody(pdf);

function post(server: TPortalServer, token: string): Promise<number> {
  return new Promise((resolve) => {
    const r = http.request(`${server.url}/api/v1/affix`, { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "idempotency-key": randomUUID(), "content-type": affixBody.contentType, "content-length": String(affixBody.body.length) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    r.on("error", () => resolve(0));
    r.end(affixBody.body);
  });
}

function threads(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).replace(/\d+$/, "#");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) * 10);
    } catch {}
  }
  return out;
}
const selfCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function metrics(server: TPortalServer): Promise<Map<string, number>> {
  const text = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.text());
  const m = new Map<string, number>();
  for (const line of text.split("\n")) {
    const x = /^(nodejs_gc_duration_seconds_(?:sum|count)\{kind="\w+"\}|nodejs_eventloop_lag_p99_seconds|nodejs_heap_size_used_bytes) (\S+)/.exec(line);
    if (x) m.set(x[1], Number(x[2]));
  }
  return m;
}

async function phase(server: TPortalServer, name: string, tokens: string[], ms: number, connections: number[] = tokens.map(() => 1)) {
  const t0 = threads(server.pid), m0 = await metrics(server), c0 = selfCpu();
  const mono0 = process.hrtime.bigint() / 1000n;
  const started = performance.now(), deadline = started + ms;
  const done: number[] = [];
  const statuses = new Map<number, number>();
  const samples: string[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const h = (await fetch(`${server.url}/api/health`).then((r) => r.json())) as { turns: { limit: number; inTurn: number; queued: number; oldestWaitMs: number } };
        samples.push(`${((performance.now() - started) / 1000).toFixed(1)}s L${h.turns.limit} T${h.turns.inTurn} Q${h.turns.queued} W${h.turns.oldestWaitMs}`);
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const perClient = tokens.map(() => 0);
  await Promise.all(tokens.flatMap((token, i) => Array.from({ length: connections[i] }, async () => {
    while (performance.now() < deadline) {
      const s = await post(server, token);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
      if (s === 200) (done.push(performance.now() - started), perClient[i]++);
    }
  })));
  sampling = false;
  await sampler;
  const elapsed = performance.now() - started;
  const mono1 = process.hrtime.bigint() / 1000n;
  const t1 = threads(server.pid), m1 = await metrics(server), c1 = selfCpu();
  const n = done.length;
  const cpu = [...t1].map(([k, v]) => [k, v - (t0.get(k) ?? 0)] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const total = cpu.reduce((s, [, v]) => s + v, 0);
  const gc = (k: string) => ((m1.get(`nodejs_gc_duration_seconds_sum{kind="${k}"}`) ?? 0) - (m0.get(`nodejs_gc_duration_seconds_sum{kind="${k}"}`) ?? 0)) * 1000;
  const gcn = (k: string) => (m1.get(`nodejs_gc_duration_seconds_count{kind="${k}"}`) ?? 0) - (m0.get(`nodejs_gc_duration_seconds_count{kind="${k}"}`) ?? 0);
  const buckets: number[] = [];
  for (const t of done) buckets[Math.floor(t / 500)] = (buckets[Math.floor(t / 500)] ?? 0) + 1;
  console.log(`\nPHASE ${name.split(' ')[0]} ${mono0} ${mono1} ${done.length}`);
  console.log(`## ${name}: ${n} stamps in ${(elapsed / 1000).toFixed(1)} s = ${((n / elapsed) * 1000).toFixed(1)}/s; statuses ${JSON.stringify([...statuses])}`);
  console.log(`server CPU ${total} ms = ${(total / n).toFixed(1)} ms/stamp; ${(total / elapsed).toFixed(2)} cores; bench client CPU ${((c1 - c0) / n).toFixed(1)} ms/stamp, ${((c1 - c0) / elapsed).toFixed(2)} cores`);
  console.log(`threads ms/stamp: ${cpu.map(([k, v]) => `${k}=${(v / n).toFixed(1)}`).join(" ")}`);
  console.log(`GC: major ${gcn("major")}× ${gc("major").toFixed(0)} ms, minor ${gcn("minor")}× ${gc("minor").toFixed(0)} ms, incremental ${gcn("incremental")}× ${gc("incremental").toFixed(0)} ms; heap used ${((m1.get("nodejs_heap_size_used_bytes") ?? 0) / 1e6).toFixed(0)} MB`);
  if (tokens.length <= 9) console.log(`per client /s: ${perClient.map((n) => ((n / elapsed) * 1000).toFixed(1)).join(" ")}`);
  console.log(`per 0.5 s: ${Array.from(buckets, (b) => b ?? 0).join(" ")}`);
  console.log(`samples: ${samples.filter((_, i) => i % 2 === 0).join(" | ")}`);
}

const server = await startPortalServer({ env: { RATE_LIMIT_DISABLED: "1", RECONCILE_INTERVAL_SECONDS: "0", PROBE_INTERVAL_SECONDS: "0", METRICS_TOKEN: TOKEN, NODE_OPTIONS: process.env.SERVER_NODE_OPTIONS ?? "" } });
try {
  const accounts = (prefix: string, count: number) => (JSON.parse(execFileSync("npx", ["tsx", "--conditions=react-server", "test/helpers/make-accounts-cli.ts", String(count), prefix, "5000"], { env: server.env, encoding: "utf8" }).trim().split("\n").pop()!) as { token: string }[]).map((a) => a.token);
  const eight = accounts("eight", 8), storm = accounts("storm", 64), heavy = accounts("heavy", 1), light = accounts("light", 8);
  await phase(server, "warm-up", eight, 3000);
  const order = (process.env.TRACE_PHASES ?? "capacity,storm,recovery").split(",");
  for (const p of order) {
    if (p === "capacity") await phase(server, "capacity 8", eight, Number(process.env.TRACE_SECONDS ?? 10) * 1000);
    if (p === "storm") await phase(server, "storm 64", storm, Number(process.env.TRACE_SECONDS ?? 10) * 1000);
    if (p === "recovery") await phase(server, "recovery 8", eight, 4000);
    if (p === "fairness") await phase(server, "fairness 1x64+8", [...heavy, ...light], Number(process.env.TRACE_SECONDS ?? 10) * 1000, [64, 1, 1, 1, 1, 1, 1, 1, 1]);
  }
} finally {
  await server.stop();
  agent.destroy();
}
