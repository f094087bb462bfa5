/**
 * npm run bench:storm — does the portal keep stamping at full capacity while everyone presses "try again"?
 * Against one production server (`npm run build` first), in one run, for affixing (POST /api/v1/affix of
 * an 800 KB PDF) and for buying (POST /api/v1/orders, then the simulator's pay):
 *
 *   capacity  8 closed-loop clients                                          goodput, p50, p99
 *   storm     64 clients that resend at once on every refusal (no Retry-After)  goodput ≥ 90% of capacity,
 *                                                                             /status p99 < 50 ms, only 200/429/503
 *   recovery  8 clients again                                                ≥ 95% of capacity within 2 s
 *   fairness  1 client with 64 connections + 8 clients with 1 each           each of the 8 ≥ 80% of capacity ÷ 9
 *   calm      the plain 8-client benchmark, 5 runs                           0 refusals in every run
 *
 * Every client is its own account (API token). For every phase, quota spent is compared with stamps
 * handed out (affixing), and quota credited with orders paid (buying): they must be equal.
 * BENCH_SECONDS scales the phases (default: 15 s capacity, 20 s storm and fairness).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { Worker } from "node:worker_threads";
import { generatePdf } from "./lib/generate-pdf";
import { affixRequestBody } from "./lib/http-client";
import { percentile } from "./lib/stats";
import { startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";

const SCALE = Number(process.env.BENCH_SECONDS ?? 15) / 15;
const seconds = (s: number) => Math.max(2, Math.round(s * SCALE)) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

type TAnswer = { status: number; ok: boolean; ms: number; units: number };
type TClient = { token: string; served: number; refused: number; other: number; otherByStatus: Map<number, number>; latencies: number[]; units: number };
type TFlow = {
  name: string;
  /** One unit of work (one stamp, or one order bought and paid); resolves with how it ended. */
  once: (server: TPortalServer, token: string) => Promise<TAnswer>;
  /** The ledger's view of what the phase moved for these accounts, against what the clients received. */
  ledger: (server: TPortalServer, tokens: string[]) => Promise<number>;
};

function request(server: TPortalServer, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const r = http.request(`${server.url}${path}`, { method, agent, headers: body ? { ...headers, "content-length": String(body.length) } : headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    r.on("error", reject);
    r.end(body);
  });
}

async function quota(server: TPortalServer, token: string): Promise<{ available: number; reserved: number }> {
  const r = await request(server, "GET", "/api/v1/quota", { authorization: `Bearer ${token}` });
  return JSON.parse(r.body.toString()) as { available: number; reserved: number };
}

const pdf = await generatePdf(800_000, 3);
const affixBody = await affixRequestBody(pdf);

const affixFlow: TFlow = {
  name: "affixing (POST /api/v1/affix, 800 KB)",
  async once(server, token) {
    const started = performance.now();
    try {
      const r = await request(server, "POST", "/api/v1/affix", { authorization: `Bearer ${token}`, "idempotency-key": randomUUID(), "content-type": affixBody.contentType }, affixBody.body);
      const serials = String(r.headers["x-meterai-serials"] ?? "");
      return { status: r.status, ok: r.status === 200 && serials.length > 0, ms: performance.now() - started, units: r.status === 200 ? serials.split(",").length : 0 };
    } catch {
      return { status: 0, ok: false, ms: performance.now() - started, units: 0 };
    }
  },
  // Quota spent: the fall of available + reserved (a reservation still open would count as spent here).
  async ledger(server, tokens) {
    let left = 0;
    for (const token of tokens) {
      const q = await quota(server, token);
      left += q.available + q.reserved;
    }
    return left;
  },
};

const buyFlow: TFlow = {
  name: "buying (POST /api/v1/orders + simulator pay)",
  async once(server, token) {
    const started = performance.now();
    try {
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const created = await request(server, "POST", "/api/v1/orders", { ...headers, "idempotency-key": randomUUID() }, Buffer.from(JSON.stringify({ quantity: 1 })));
      if (created.status !== 201) return { status: created.status, ok: false, ms: performance.now() - started, units: 0 };
      const id = (JSON.parse(created.body.toString()) as { id: string }).id;
      const paid = await request(server, "POST", `/api/v1/payments/simulator/${id}/pay`, headers, Buffer.from("{}"));
      return { status: paid.status, ok: paid.status === 200, ms: performance.now() - started, units: paid.status === 200 ? 1 : 0 };
    } catch {
      return { status: 0, ok: false, ms: performance.now() - started, units: 0 };
    }
  },
  async ledger(server, tokens) {
    let available = 0;
    for (const token of tokens) available += (await quota(server, token)).available;
    return available;
  },
};

/** Clients in closed loops: each sends its next request as soon as it has an answer (refused or not). */
async function phase(server: TPortalServer, flow: TFlow, groups: { tokens: string[]; connections: number }[], durationMs: number, options: { statusProbe?: boolean; firstMs?: number } = {}) {
  const clients = groups.flatMap((g) => g.tokens.map((token) => ({ client: { token, served: 0, refused: 0, other: 0, otherByStatus: new Map(), latencies: [], units: 0 } as TClient, connections: g.connections })));
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  let servedInFirst = 0;
  // The /status reader runs on a thread of its own: in this loop, busy sending and receiving 64 uploads of
  // 800 KB, it would measure the generator's own lag (tens of ms) rather than the server's answer.
  const statusReader = options.statusProbe ? new Worker(new URL("./lib/status-reader.mjs", import.meta.url), { workerData: { ports: [server.port], intervalMs: 50 } }) : null;
  const statusRead = statusReader ? new Promise<{ timings: number[]; errors: number }>((resolve) => statusReader.once("message", resolve)) : Promise.resolve({ timings: [], errors: 0 });
  await Promise.all(
    clients.flatMap(({ client, connections }) =>
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const answer = await flow.once(server, client.token);
          if (answer.ok) {
            client.served++;
            client.units += answer.units;
            client.latencies.push(answer.ms);
            if (options.firstMs && performance.now() - started <= options.firstMs) servedInFirst++;
          } else if (answer.status === 429 || answer.status === 503) client.refused++;
          else {
            client.other++;
            client.otherByStatus.set(answer.status, (client.otherByStatus.get(answer.status) ?? 0) + 1);
          }
        }
      }),
    ),
  );
  statusReader?.postMessage("stop");
  const status = await statusRead;
  await statusReader?.terminate();
  const elapsed = (performance.now() - started) / 1000;
  const all = clients.map((c) => c.client);
  const latencies = all.flatMap((c) => c.latencies);
  return {
    clients: all,
    goodput: all.reduce((n, c) => n + c.served, 0) / elapsed,
    firstGoodput: options.firstMs ? servedInFirst / (options.firstMs / 1000) : 0,
    refused: all.reduce((n, c) => n + c.refused, 0),
    other: all.reduce((n, c) => n + c.other, 0),
    /** The answers other than 200/429/503, by status (0: no answer: the connection failed or was reset). */
    otherDetail: otherDetail(all),
    units: all.reduce((n, c) => n + c.units, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statusP99: percentile(status.timings, 99),
    statusErrors: status.errors,
  };
}

function otherDetail(clients: TClient[]): string {
  const byStatus = new Map<number, number>();
  for (const c of clients) for (const [status, n] of c.otherByStatus) byStatus.set(status, (byStatus.get(status) ?? 0) + n);
  return [...byStatus].map(([status, n]) => `${n}× ${status === 0 ? "no answer" : status}`).join(", ");
}

function accounts(server: TPortalServer, prefix: string, count: number, units: number): string[] {
  const out = execFileSync("npx", ["tsx", "--conditions=react-server", "test/helpers/make-accounts-cli.ts", String(count), prefix, String(units)], { env: server.env, encoding: "utf8" });
  return (JSON.parse(out.trim().split("\n").pop()!) as { token: string }[]).map((a) => a.token);
}

async function run(flow: TFlow, server: TPortalServer, startingUnits: number) {
  const eight = accounts(server, "eight", 8, startingUnits);
  const storm = accounts(server, "storm", 64, startingUnits);
  const heavy = accounts(server, "heavy", 1, startingUnits * 4);
  const light = accounts(server, "light", 8, startingUnits);
  const everyone = [...eight, ...storm, ...heavy, ...light];
  const check = async (before: number, units: number) => {
    const after = await flow.ledger(server, everyone);
    // Affixing: quota left fell by exactly the stamps handed out. Buying: quota available rose by exactly the orders paid.
    return flow === affixFlow ? before - after === units : after - before === units;
  };
  const rows: string[] = [];
  await phase(server, flow, [{ tokens: eight, connections: 1 }], 3000); // warm-up

  let before = await flow.ledger(server, everyone);
  const capacity = await phase(server, flow, [{ tokens: eight, connections: 1 }], seconds(15));
  rows.push(`| capacity | 8 clients | ${capacity.goodput.toFixed(1)}/s | ${capacity.p50.toFixed(0)} / ${capacity.p99.toFixed(0)} ms | ${capacity.refused} | ${capacity.other}${capacity.otherDetail ? ` (${capacity.otherDetail})` : ""} | ${(await check(before, capacity.units)) ? "equal" : "**differ**"} | reported |`);

  before = await flow.ledger(server, everyone);
  const stormed = await phase(server, flow, [{ tokens: storm, connections: 1 }], seconds(20), { statusProbe: true });
  const stormOk = stormed.goodput >= 0.9 * capacity.goodput && stormed.statusP99 < 50 && stormed.statusErrors === 0 && stormed.other === 0;
  rows.push(`| storm | 64 clients, resend at once | ${stormed.goodput.toFixed(1)}/s (${((100 * stormed.goodput) / capacity.goodput).toFixed(0)}%) | ${stormed.p50.toFixed(0)} / ${stormed.p99.toFixed(0)} ms; /status p99 ${stormed.statusP99.toFixed(1)} ms${stormed.statusErrors ? ` (${stormed.statusErrors} unanswered)` : ""} | ${stormed.refused} | ${stormed.other}${stormed.otherDetail ? ` (${stormed.otherDetail})` : ""} | ${(await check(before, stormed.units)) ? "equal" : "**differ**"} | ≥ 90%, /status p99 < 50 ms, only 200/429/503: ${stormOk ? "met" : "**not met**"} |`);

  before = await flow.ledger(server, everyone);
  const recovery = await phase(server, flow, [{ tokens: eight, connections: 1 }], 4000, { firstMs: 2000 });
  rows.push(`| recovery | 8 clients, first 2 s | ${recovery.firstGoodput.toFixed(1)}/s (${((100 * recovery.firstGoodput) / capacity.goodput).toFixed(0)}%) | ${recovery.p50.toFixed(0)} / ${recovery.p99.toFixed(0)} ms | ${recovery.refused} | ${recovery.other}${recovery.otherDetail ? ` (${recovery.otherDetail})` : ""} | ${(await check(before, recovery.units)) ? "equal" : "**differ**"} | ≥ 95%: ${recovery.firstGoodput >= 0.95 * capacity.goodput ? "met" : "**not met**"} |`);

  before = await flow.ledger(server, everyone);
  const fair = await phase(server, flow, [{ tokens: heavy, connections: 64 }, { tokens: light, connections: 1 }], seconds(20));
  const share = capacity.goodput / 9;
  const elapsed = seconds(20) / 1000;
  const lightRates = fair.clients.filter((c) => light.includes(c.token)).map((c) => c.served / elapsed);
  const heavyRate = fair.clients.find((c) => c.token === heavy[0])!.served / elapsed;
  const worst = Math.min(...lightRates);
  rows.push(`| fairness | 1 client × 64 connections + 8 × 1 | heavy ${heavyRate.toFixed(1)}/s; least light ${worst.toFixed(1)}/s (share ${share.toFixed(1)}) | ${fair.p50.toFixed(0)} / ${fair.p99.toFixed(0)} ms | ${fair.refused} | ${fair.other}${fair.otherDetail ? ` (${fair.otherDetail})` : ""} | ${(await check(before, fair.units)) ? "equal" : "**differ**"} | each ≥ 80% of share: ${worst >= 0.8 * share ? "met" : "**not met**"} |`);

  const calm: number[] = [];
  let calmEqual = true;
  for (let i = 0; i < 5; i++) {
    before = await flow.ledger(server, everyone);
    const r = await phase(server, flow, [{ tokens: eight, connections: 1 }], seconds(5));
    calm.push(r.refused + r.other);
    calmEqual &&= await check(before, r.units);
  }
  rows.push(`| calm | 8 clients, 5 runs | | | ${calm.join(" / ")} | | ${calmEqual ? "equal" : "**differ**"} | 0 refusals: ${calm.every((n) => n === 0) ? "met" : "**not met**"} |`);

  console.log(`\n### ${flow.name}\n`);
  console.log("| phase | load | goodput | p50 / p99 | refused (429/503) | other answers | quota vs handed out | target |");
  console.log("|---|---|---:|---|---:|---:|---|---|");
  for (const row of rows) console.log(row);
}

try {
  // BENCH_FLOWS=affix or =buy runs one of the two; SERVER_NODE_OPTIONS passes V8 flags to the server under test.
  const flows = [affixFlow, buyFlow].filter((f) => !process.env.BENCH_FLOWS || f.name.startsWith(process.env.BENCH_FLOWS === "buy" ? "buying" : "affixing"));
  for (const flow of flows) {
    const server = await startPortalServer({ env: { RATE_LIMIT_DISABLED: "1", RECONCILE_INTERVAL_SECONDS: "0", PROBE_INTERVAL_SECONDS: "0", ORDER_MAX_QUANTITY: "100000", NODE_OPTIONS: process.env.SERVER_NODE_OPTIONS ?? "", ...(process.env.SERVER_MAX_CONCURRENT ? { SERVER_MAX_CONCURRENT: process.env.SERVER_MAX_CONCURRENT } : {}) } });
    try {
      await run(flow, server, flow === affixFlow ? 5_000 : 0);
    } finally {
      await server.stop();
    }
  }
} finally {
  agent.destroy();
}
