import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdmissionController, type TAdmissionOptions, type TRefusalReason } from "@/lib/server/admission-controller";

/**
 * A discrete-time simulation around the controller: closed-loop clients (each sends its next request
 * when the last one is answered, or retries at once when refused), a server that serves one turn in
 * `serviceMs` (or in a time that depends on the turns in use when it starts: a CPU-bound process), and
 * pauses during which nothing completes (a GC, a stalled event loop).
 */
class Simulation {
  now = 0;
  readonly controller: AdmissionController;
  private events: { at: number; run: () => void }[] = [];
  readonly served = new Map<string, number>();
  readonly refused = new Map<TRefusalReason, number>();
  private pausedUntil = 0;

  constructor(
    options: Partial<TAdmissionOptions>,
    private readonly serviceMs: number | ((inTurn: number) => number),
  ) {
    this.controller = new AdmissionController({ maxConcurrent: 4, minConcurrent: 4, maxQueued: 1000, targetMs: 100, intervalMs: 1000, now: () => this.now, random: () => 0.5, ...options });
  }

  at(time: number, run: () => void) {
    this.events.push({ at: time, run });
    this.events.sort((a, b) => a.at - b.at);
  }

  /** One request from `key`; `then` runs when it is answered (served or refused). */
  request(key: string, then: (ok: boolean) => void = () => undefined) {
    this.controller.arrive(key, {
      start: (turn) => {
        // A pause holds back completions: what would finish during it finishes when it ends.
        const serviceMs = typeof this.serviceMs === "number" ? this.serviceMs : this.serviceMs(this.controller.snapshot().inTurn);
        const done = Math.max(this.now + serviceMs, this.pausedUntil);
        this.at(done, () => {
          this.served.set(key, (this.served.get(key) ?? 0) + 1);
          turn.finish();
          then(true);
        });
      },
      refuse: (_retryAfter, reason) => {
        this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
        // Clients that ignore Retry-After come back at once (next millisecond).
        this.at(this.now + 1, () => then(false));
      },
    });
  }

  /** A client that keeps one request outstanding from `from` until `until`. */
  closedLoop(key: string, from: number, until: number) {
    const next = () => {
      if (this.now < until) this.request(key, next);
    };
    this.at(from, next);
  }

  pause(at: number, ms: number) {
    this.at(at, () => (this.pausedUntil = at + ms));
  }

  runUntil(time: number) {
    let nextPoll = Math.ceil(this.now / 100) * 100;
    while (this.events.length && this.events[0].at <= time) {
      const event = this.events.shift()!;
      while (nextPoll <= event.at) {
        this.now = nextPoll;
        this.controller.poll();
        nextPoll += 100;
      }
      this.now = event.at;
      event.run();
    }
    this.now = time;
    this.controller.poll();
  }

  refusals() {
    return [...this.refused.values()].reduce((a, b) => a + b, 0);
  }
}

/**
 * 64 callers in closed loops for 20 s against a process with 10 ms of CPU per request and `leastMs` at least
 * from start to end; what the last 15 s show: the limit every 100 ms, the requests served, the no-load latency.
 */
function cpuBoundStorm(options: Partial<TAdmissionOptions>, leastMs: number) {
  const sim = new Simulation(options, (inTurn) => Math.max(leastMs, 10 * inTurn));
  for (let c = 0; c < 64; c++) sim.closedLoop(`storm-${c}`, 0, 20_000);
  sim.runUntil(5_000);
  const servedAt5 = [...sim.served.values()].reduce((a, b) => a + b, 0);
  const limits: number[] = [];
  for (let t = 5_100; t <= 20_000; t += 100) {
    sim.runUntil(t);
    limits.push(sim.controller.snapshot().limit);
  }
  const served = [...sim.served.values()].reduce((a, b) => a + b, 0) - servedAt5;
  return { sim, limits, served, noLoad: sim.controller.snapshot().noLoadLatencyMs };
}

describe("admission controller", () => {
  it("serves a load it can sustain without refusing anything, and a single 300 ms pause does not trip it", () => {
    // 4 turns of 10 ms: capacity 400/s; 6 clients keep 6 requests outstanding (a short queue, ~5 ms).
    const sim = new Simulation({}, 10);
    for (let c = 0; c < 6; c++) sim.closedLoop(`client-${c}`, 0, 10_000);
    sim.pause(4_000, 300);
    sim.runUntil(3_900);
    assert.equal(sim.controller.snapshot().overloaded, false);
    sim.runUntil(4_350);
    // Right after the pause: everyone waited ~300 ms, but that is not a standing queue yet.
    assert.equal(sim.refusals(), 0);
    sim.runUntil(10_000);
    assert.equal(sim.refusals(), 0, "no request refused around the pause");
    assert.equal(sim.controller.snapshot().overloaded, false);
    assert.ok([...sim.served.values()].reduce((a, b) => a + b, 0) > 3000);
  });

  it("sustained queueing trips it: a caller with a standing queue is refused, and the state releases within an interval after the queue drains", () => {
    // 4 turns of 50 ms: capacity 80/s. One client keeps 64 requests outstanding from 0 to 5 s.
    const sim = new Simulation({}, 50);
    for (let c = 0; c < 64; c++) sim.closedLoop("greedy", 0, 5_000);
    sim.runUntil(3_000);
    assert.equal(sim.controller.snapshot().overloaded, true, "a standing queue after seconds of overload");
    assert.ok((sim.refused.get("standing_queue") ?? 0) > 0, "the greedy caller is refused by waiting time");
    // The load stops at 5 s; the queue drains (at most 64 × 50 ms / 4 = 0.8 s), then within one interval (1 s) it is released.
    sim.runUntil(5_000 + 800 + 1_000 + 100);
    assert.equal(sim.controller.snapshot().queued, 0);
    assert.equal(sim.controller.snapshot().overloaded, false, "released within one interval of the queue draining");
  });

  it("shares turns per caller: one caller with 64 connections does not crowd out eight with one each", () => {
    const sim = new Simulation({}, 20);
    for (let c = 0; c < 64; c++) sim.closedLoop("greedy", 0, 20_000);
    for (let c = 0; c < 8; c++) sim.closedLoop(`light-${c}`, 0, 20_000);
    sim.runUntil(20_000);
    const total = [...sim.served.values()].reduce((a, b) => a + b, 0);
    const fairShare = total / 9;
    for (let c = 0; c < 8; c++) assert.ok((sim.served.get(`light-${c}`) ?? 0) >= 0.8 * fairShare, `light-${c} got ${sim.served.get(`light-${c}`)} of a fair share of ${fairShare.toFixed(0)}`);
    // The light callers, with one request each, are never refused: only the greedy caller's standing queue is.
    assert.ok(total >= 0.95 * (20_000 / 20) * 4, `goodput ${total} near capacity`);
  });

  it("admitted waiting-room sessions are served before everyone else", () => {
    const sim = new Simulation({ maxConcurrent: 1, minConcurrent: 1 }, 10);
    const order: string[] = [];
    for (let i = 0; i < 5; i++) sim.request(`anon-${i}`, () => order.push(`anon-${i}`));
    sim.controller.arrive("admitted", { start: (turn) => sim.at(sim.now + 10, () => (order.push("admitted"), turn.finish())), refuse: () => assert.fail("refused") }, { priority: true });
    sim.runUntil(1_000);
    // anon-0 was already in its turn; the admitted session goes next.
    assert.deepEqual(order.slice(0, 2), ["anon-0", "admitted"]);
  });

  it("refuses on arrival, with Retry-After, once the queue is full or the wait would be too long", () => {
    const sim = new Simulation({ maxConcurrent: 1, minConcurrent: 1, maxQueued: 20, maxWaitMs: 2_000 }, 100);
    let retryAfter = 0;
    // Build a measured rate first (10/s), then 30 distinct callers at once: 20 fit, and the wait estimate refuses the rest.
    for (let c = 0; c < 2; c++) sim.closedLoop(`warm-${c}`, 0, 3_000);
    sim.runUntil(3_000);
    let refused = 0;
    for (let c = 0; c < 30; c++) {
      sim.controller.arrive(`burst-${c}`, { start: (turn) => sim.at(sim.now + 100, () => turn.finish()), refuse: (after) => ((retryAfter = after), refused++) });
    }
    assert.ok(refused >= 10, `refused ${refused}`);
    assert.ok(sim.controller.snapshot().queued <= 20);
    assert.ok(retryAfter >= 1 && retryAfter <= 60);
  });
  it("one caller never holds every turn: a newcomer starts at once while that caller's slow requests hold theirs", () => {
    const controller = new AdmissionController({ maxConcurrent: 16, minConcurrent: 4, maxQueued: 1000, now: () => 0, random: () => 0.5 });
    let slowStarted = 0;
    // Sixteen requests from one address that will not finish (uploads trickling in), nobody else waiting.
    for (let i = 0; i < 16; i++) controller.arrive("ip:slow", { start: () => slowStarted++, refuse: () => undefined });
    assert.equal(slowStarted, 12, "a quarter of the turns stay free");
    let newcomer = false;
    controller.arrive("account:victim", { start: () => (newcomer = true), refuse: () => assert.fail("refused") });
    assert.equal(newcomer, true);
  });
  it("a caller with 64 connections holds no more turns than its equal share while eight callers with one each are served", () => {
    const controller = new AdmissionController({ maxConcurrent: 16, minConcurrent: 4, maxQueued: 1000, now: () => 0, random: () => 0.5 });
    let light = 0;
    let heavy = 0;
    for (let c = 0; c < 8; c++) controller.arrive(`account:light-${c}`, { start: () => light++, refuse: () => assert.fail("refused") });
    for (let i = 0; i < 64; i++) controller.arrive("account:heavy", { start: () => heavy++, refuse: () => undefined });
    assert.equal(light, 8);
    // Nine callers share sixteen turns: two each at most, free turns notwithstanding.
    assert.equal(heavy, 2);
  });

  it("keeps the limit near what a CPU-bound process needs under a storm of 64 callers, without losing throughput or refusing anyone", () => {
    // 10 ms of CPU per request, 30 ms at least from start to end: 100/s from three turns on, and every turn
    // beyond that only makes each request take longer (the process queues inside).
    const { sim, limits, served, noLoad } = cpuBoundStorm({ maxConcurrent: 16, minConcurrent: 4 }, 30);
    assert.ok(noLoad >= 30 && noLoad <= 45, `no-load latency measured at the floor: ${noLoad} ms`);
    assert.ok(Math.max(...limits) <= 8, `the limit stays near what is needed (${Math.min(...limits)}–${Math.max(...limits)}), not at its ceiling of 16`);
    assert.ok(served >= 0.95 * 15 * 100, `throughput ${served / 15}/s near the capacity of 100/s`);
    assert.equal(sim.refusals(), 0, "64 callers with one request each are queued, not refused");
  });

  it("by default measures the no-load latency with two turns, and holds a CPU-bound storm to about what it needs", () => {
    // 10 ms of CPU per request, 20 ms at least from start to end: 100/s from two turns on.
    const { sim, limits, served, noLoad } = cpuBoundStorm({ maxConcurrent: 16, minConcurrent: undefined }, 20);
    assert.ok(noLoad >= 20 && noLoad <= 30, `no-load latency measured with two turns: ${noLoad} ms`);
    assert.ok(Math.max(...limits) <= 5, `the limit stays near the two turns needed (${Math.min(...limits)}–${Math.max(...limits)})`);
    assert.ok(served >= 0.95 * 15 * 100, `throughput ${served / 15}/s near the capacity of 100/s`);
    assert.equal(sim.refusals(), 0);
  });

  it("lets the limit grow to its ceiling when more turns do not slow requests down (waiting on I/O)", () => {
    const sim = new Simulation({ maxConcurrent: 16, minConcurrent: 4 }, 50);
    for (let c = 0; c < 64; c++) sim.closedLoop(`io-${c}`, 0, 10_000);
    sim.runUntil(10_000);
    assert.ok(sim.controller.snapshot().noLoadLatencyMs > 0, "measured");
    assert.equal(sim.controller.snapshot().limit, 16);
  });
});
