// Who gets a turn, when, and who is refused: the front door's admission control (lib/server/front-door.ts
// runs it; it holds no I/O, and its clock is injected so tests drive it). Three ideas, each from prior art:
//
// - Turns are shared fairly. Requests wait in one queue per caller (an account, or an IP address for
//   anonymous requests), served round robin, with admitted waiting-room sessions first. One client with
//   64 connections waits behind itself, not in front of eight clients with one connection each.
// - Refusal by waiting time (CoDel, Nichols & Jacobson 2012, applied per caller as FQ-CoDel does): a
//   caller whose requests have waited longer than TARGET for a whole INTERVAL has a standing queue, and
//   is refused at a rate that grows with the square root of the refusals, until its waiting time falls
//   back. A caller with a single request waiting is never refused that way, and neither is anyone
//   after a lone pause (a GC, a slow start): the queue it leaves drains within the interval. Requests
//   are also refused on arrival when the wait they would face is over MAX_WAIT (an estimate from the
//   measured rate of completions), or the queue is full.
// - The number of turns adapts to what the process sustains (Netflix's gradient limit, measured against
//   Envoy's minRTT): when requests take longer inside their turn than they do with few turns in use, the
//   process is queueing internally (event loop, database pool, PDF workers), and the limit shrinks; while
//   latency holds, it grows back. The no-load latency is measured by holding the limit at its floor for a
//   few turns when a queue forms, and again every probeEveryMs while it lasts (Envoy's minRTT window). Against
//   a long average instead, the limit drifted back to its ceiling under sustained load (the average follows
//   the latency it is compared with): under bench:storm's 64 clients, 16 turns instead of 6 cost 4 to 21%
//   more server CPU per stamp in alternated runs (more requests live at once, more garbage collection) for
//   no more throughput.

export type TAdmissionOptions = {
  /** Turns at most (the adaptive limit's ceiling). */
  maxConcurrent: number;
  /**
   * Turns at least (the limit's floor), and the turns the no-load latency is measured with: 2 by default.
   * Measured with 4, the "no-load" latency already held four requests' worth of event-loop work, and the
   * limit settled at 8–12 under bench:storm's 64 clients; with 2 it settles near 4, where the event loop
   * has less to do per turn: /status p99 during the storm fell from 24–62 ms to 16 ms on both paths, with
   * the same goodput.
   */
  minConcurrent?: number;
  /** Requests waiting in all, beyond which arrivals are refused at once. */
  maxQueued: number;
  /** CoDel's target: a waiting time callers may see without it counting as a standing queue. */
  targetMs?: number;
  /** CoDel's interval: how long waiting must stay above the target before refusals start. */
  intervalMs?: number;
  /** An arrival that would wait longer than this (estimated) is refused at once. */
  maxWaitMs?: number;
  /** How often the no-load latency is measured again while requests queue. */
  probeEveryMs?: number;
  now?: () => number;
  random?: () => number;
};

export type TWaiter = {
  /** Called when the request gets its turn; the caller must call `finish` on the returned ticket. */
  start: (turn: TTurn) => void;
  /** Called when the request is refused while waiting (or on arrival). */
  refuse: (retryAfterSeconds: number, reason: TRefusalReason) => void;
};

export type TRefusalReason = "queue_full" | "wait_too_long" | "standing_queue";

export type TTurn = { finish: () => void };

type TQueued = { waiter: TWaiter; enqueuedAt: number; key: string };

type TCaller = {
  key: string;
  queue: TQueued[];
  inTurn: number;
  // CoDel state for this caller.
  firstAboveAt: number;
  dropping: boolean;
  dropNextAt: number;
  dropCount: number;
};

type TClass = { callers: Map<string, TCaller>; ring: string[]; next: number };

export type TAdmissionSnapshot = {
  limit: number;
  /** Latency inside a turn with the limit at its floor (ms; 0 until measured). */
  noLoadLatencyMs: number;
  inTurn: number;
  queued: number;
  /** The process has a standing queue: waiting stayed above target for a whole interval. */
  overloaded: boolean;
  /** How long the oldest waiting request has waited. */
  oldestWaitMs: number;
  /** Completions per second (smoothed). */
  throughputPerSecond: number;
  refused: Record<TRefusalReason, number>;
};

export class AdmissionController {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly targetMs: number;
  private readonly intervalMs: number;
  private readonly maxWaitMs: number;
  private readonly minConcurrent: number;
  private limit: number;
  private inTurn = 0;
  private queued = 0;
  private readonly classes: [TClass, TClass] = [newClass(), newClass()];
  // Latency inside a turn: a short and a long exponential average (Netflix's gradient2).
  private shortLatency = 0;
  private longLatency = 0;
  // Envoy's minRTT: the latency inside a turn with few turns in use, measured while the limit is held at
  // its floor (a probe), when a queue forms and every probeEveryMs while it lasts. 0 until measured.
  private noLoadLatency = 0;
  private probe: { startedAt: number; samples: number[] } | null = null;
  private nextProbeAt = 0;
  private readonly probeEveryMs: number;
  // Completions per second, for wait estimates.
  private completedInWindow = 0;
  private windowStartedAt: number;
  private throughput = 0;
  // The process-wide standing-queue detector: the smallest wait seen at turns given in each interval.
  private minWaitInInterval = Number.POSITIVE_INFINITY;
  private intervalStartedAt: number;
  private standingQueue = false;
  /** When the queue last became empty (-1 while requests wait). */
  private emptySince = 0;
  private readonly refusedCount: Record<TRefusalReason, number> = { queue_full: 0, wait_too_long: 0, standing_queue: 0 };

  constructor(private readonly options: TAdmissionOptions) {
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.targetMs = options.targetMs ?? 100;
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.probeEveryMs = options.probeEveryMs ?? 30_000;
    this.minConcurrent = Math.min(options.minConcurrent ?? 2, options.maxConcurrent);
    this.limit = options.maxConcurrent;
    this.windowStartedAt = this.now();
    this.intervalStartedAt = this.now();
  }

  /**
   * A request arrives: it starts now, waits in its caller's queue, or is refused at once. Returns a
   * function that takes it out of the queue (the client went away while waiting).
   */
  arrive(key: string, waiter: TWaiter, options: { priority?: boolean } = {}): () => void {
    this.admit(key, waiter, options);
    return () => this.withdraw(key, waiter, options.priority ? 0 : 1);
  }

  private withdraw(key: string, waiter: TWaiter, classIndex: 0 | 1): void {
    const cls = this.classes[classIndex];
    const caller = cls.callers.get(key);
    const at = caller?.queue.findIndex((item) => item.waiter === waiter) ?? -1;
    if (!caller || at < 0) return;
    caller.queue.splice(at, 1);
    this.queued--;
    this.forgetIfIdle(cls, caller);
  }

  private admit(key: string, waiter: TWaiter, options: { priority?: boolean }): void {
    const now = this.now();
    this.tick(now);
    const classIndex = options.priority ? 0 : 1;
    const caller = this.caller(classIndex, key);
    if (this.queued === 0 && this.inTurn < this.turnLimit() && caller.inTurn < this.fairTurns(caller)) return this.startTurn(caller, waiter, now, now);
    const refuseNow = (reason: TRefusalReason, expected: number) => {
      this.refuse(waiter, reason, expected);
      this.forgetIfIdle(this.classes[classIndex], caller);
    };
    if (caller.queue.length >= this.maxQueuedPerCaller) return refuseNow("queue_full", this.expectedWaitMs(caller, classIndex));
    if (this.queued >= this.options.maxQueued) {
      // Full: the caller with the longest line gives up its newest place, unless that is this caller
      // (or nobody has more than one waiting), as FQ-CoDel drops from the fattest flow.
      const fattest = this.fattest();
      if (!fattest || fattest === caller || fattest.queue.length <= 1) return refuseNow("queue_full", this.expectedWaitMs(caller, classIndex));
      const evicted = fattest.queue.pop()!;
      this.queued--;
      this.refuse(evicted.waiter, "queue_full", this.expectedWaitMs(fattest, classIndex));
    }
    const expected = this.expectedWaitMs(caller, classIndex);
    if (expected > this.maxWaitMs) return refuseNow("wait_too_long", expected);
    caller.queue.push({ waiter, enqueuedAt: now, key });
    this.queued++;
    this.emptySince = -1;
    this.dispatch(now);
  }

  /**
   * One caller may hold at most this many turns even when nobody else is waiting: a quarter of them (from
   * four turns up) stay free for whoever comes next, so that turns held by one caller's slow uploads never leave a newcomer
   * waiting for them to end.
   */
  private get maxTurnsPerCaller(): number {
    const limit = this.turnLimit();
    return limit < 4 ? limit : limit - Math.floor(limit / 4);
  }

  /**
   * Turns one caller may hold: an equal share of the limit among the callers in turn or waiting (at
   * least one), and never more than maxTurnsPerCaller. Requests take turns by CPU, so a caller's
   * throughput follows the turns it holds: one client with 64 connections holds no more of them than
   * eight clients with one connection each hold one apiece (max-min fairness, as fair queueing gives).
   */
  private fairTurns(including?: TCaller): number {
    let active = 0;
    for (const cls of this.classes) for (const c of cls.callers.values()) if (c.inTurn > 0 || c.queue.length > 0 || c === including) active++;
    const limit = this.turnLimit();
    return Math.min(this.maxTurnsPerCaller, Math.max(1, Math.ceil(limit / Math.max(1, active))));
  }

  /** One caller may hold at most this many places in line: the rest of the queue is for the others. */
  private get maxQueuedPerCaller(): number {
    return Math.max(16, Math.floor(this.options.maxQueued / 4));
  }

  /** Re-checks waiting requests against the clock; the front door calls it a few times a second. */
  poll(): void {
    const now = this.now();
    this.tick(now);
    this.dispatch(now);
    // A request that has waited past the limit for waiting goes (nothing finished for a long time).
    for (const cls of this.classes) {
      for (const caller of cls.callers.values()) {
        while (caller.queue.length > 0 && now - caller.queue[0].enqueuedAt > this.maxWaitMs) {
          const item = caller.queue.shift()!;
          this.queued--;
          this.refuse(item.waiter, "wait_too_long", this.estimatedWaitMs(this.queued));
        }
        this.forgetIfIdle(cls, caller);
      }
    }
  }

  snapshot(): TAdmissionSnapshot {
    const now = this.now();
    this.tick(now);
    let oldest = 0;
    for (const cls of this.classes) for (const caller of cls.callers.values()) if (caller.queue.length) oldest = Math.max(oldest, now - caller.queue[0].enqueuedAt);
    return {
      limit: this.turnLimit(),
      noLoadLatencyMs: Math.round(this.noLoadLatency * 10) / 10,
      inTurn: this.inTurn,
      queued: this.queued,
      // A drained queue releases the state at once (after a target's worth of calm), not at the interval's end.
      overloaded: this.standingQueue && !(this.queued === 0 && now - this.emptySince >= this.targetMs),
      oldestWaitMs: Math.round(oldest),
      throughputPerSecond: Math.round(this.throughput * 10) / 10,
      refused: { ...this.refusedCount },
    };
  }

  /** Seconds a refused caller is told to wait: about as long as the queue would have kept it, with jitter. */
  retryAfterSeconds(expectedWaitMs: number): number {
    const base = Math.min(60, Math.max(1, expectedWaitMs / 1000));
    // Spread over at least two seconds past the expected wait: refused clients must not come back in lockstep.
    return Math.ceil(base + this.random() * Math.max(2, base));
  }

  private caller(classIndex: 0 | 1, key: string): TCaller {
    const cls = this.classes[classIndex];
    let caller = cls.callers.get(key);
    if (!caller) {
      caller = { key, queue: [], inTurn: 0, firstAboveAt: 0, dropping: false, dropNextAt: 0, dropCount: 0 };
      cls.callers.set(key, caller);
      cls.ring.push(key);
    }
    return caller;
  }

  private forgetIfIdle(cls: TClass, caller: TCaller) {
    if (caller.queue.length > 0 || caller.inTurn > 0 || caller.dropping) return;
    cls.callers.delete(caller.key);
    const at = cls.ring.indexOf(caller.key);
    if (at >= 0) {
      cls.ring.splice(at, 1);
      if (cls.next > at) cls.next--;
    }
  }

  private startTurn(caller: TCaller, waiter: TWaiter, now: number, enqueuedAt: number): void {
    this.inTurn++;
    caller.inTurn++;
    this.noteWait(now - enqueuedAt);
    const started = now;
    // Only a turn that ran with few turns in use measures the no-load latency.
    const fewInTurn = this.inTurn <= this.minConcurrent;
    let finished = false;
    const cls = this.classes.find((c) => c.callers.get(caller.key) === caller)!;
    waiter.start({
      finish: () => {
        if (finished) return;
        finished = true;
        const at = this.now();
        this.inTurn--;
        caller.inTurn--;
        this.completed(at - started, at, fewInTurn);
        this.forgetIfIdle(cls, caller);
        this.dispatch(at);
      },
    });
  }

  /** Gives free turns to waiting requests: admitted sessions first, then callers round robin. */
  private dispatch(now: number): void {
    this.drain(now);
    if (this.queued === 0 && this.emptySince < 0) this.emptySince = now;
  }

  private drain(now: number): void {
    // Callers become idle only as turns end, not while turns are handed out: the share holds for the loop.
    const cap = this.fairTurns();
    while (this.queued > 0 && this.inTurn < this.turnLimit()) {
      const picked = this.pick(cap);
      if (!picked) return;
      const { cls, caller } = picked;
      const item = caller.queue.shift()!;
      this.queued--;
      const waited = now - item.enqueuedAt;
      if (this.shouldDrop(caller, waited, now)) {
        this.refuse(item.waiter, "standing_queue", this.estimatedWaitMs(this.queued));
        this.forgetIfIdle(cls, caller);
        continue;
      }
      this.startTurn(caller, item.waiter, now, item.enqueuedAt);
    }
  }

  /**
   * The next caller to serve, round robin, admitted sessions first, among those holding fewer turns than
   * their fair share (`cap`, fairTurns): a caller at its share waits even while turns are free, so that
   * its many connections do not slow everyone else's single one.
   */
  private pick(cap: number): { cls: TClass; caller: TCaller } | null {
    for (const cls of this.classes) {
      for (let tried = 0; tried < cls.ring.length; tried++) {
        cls.next %= cls.ring.length;
        const caller = cls.callers.get(cls.ring[cls.next])!;
        cls.next++;
        if (caller.queue.length > 0 && caller.inTurn < cap) return { cls, caller };
      }
    }
    return null;
  }

  /**
   * CoDel at the head of a caller's queue. Only a standing queue counts: a caller whose request is the
   * only one it has waiting is never dropped here, however long the line of other callers was.
   */
  private shouldDrop(caller: TCaller, waitedMs: number, now: number): boolean {
    const standing = waitedMs >= this.targetMs && caller.queue.length > 0;
    let okToDrop = false;
    if (!standing) caller.firstAboveAt = 0;
    else if (caller.firstAboveAt === 0) caller.firstAboveAt = now + this.intervalMs;
    else okToDrop = now >= caller.firstAboveAt;
    if (caller.dropping) {
      if (!okToDrop) {
        caller.dropping = false;
        return false;
      }
      if (now >= caller.dropNextAt) {
        caller.dropCount++;
        caller.dropNextAt += this.intervalMs / Math.sqrt(caller.dropCount);
        return true;
      }
      return false;
    }
    if (!okToDrop) return false;
    caller.dropping = true;
    // Re-entering soon after the last drop episode: start from where the drop rate was (as CoDel does).
    caller.dropCount = caller.dropCount > 2 && now - caller.dropNextAt < 16 * this.intervalMs ? caller.dropCount - 2 : 1;
    caller.dropNextAt = now + this.intervalMs / Math.sqrt(caller.dropCount);
    return true;
  }

  private refuse(waiter: TWaiter, reason: TRefusalReason, expectedWaitMs: number): void {
    this.refusedCount[reason]++;
    waiter.refuse(this.retryAfterSeconds(expectedWaitMs), reason);
  }

  private estimatedWaitMs(ahead: number): number {
    // Before anything has completed there is no rate to go by: let the queue form (it is bounded).
    if (this.throughput <= 0) return 0;
    return (ahead / this.throughput) * 1000;
  }

  /**
   * How long one more request of `caller` would wait. Round robin serves it after at most as many
   * requests of each other caller as it has ahead of it itself, and after every admitted session.
   */
  private expectedWaitMs(caller: TCaller, classIndex: 0 | 1): number {
    const position = caller.queue.length + 1;
    let ahead = 0;
    for (const [index, cls] of this.classes.entries()) {
      for (const other of cls.callers.values()) ahead += index < classIndex ? other.queue.length : Math.min(other.queue.length, position);
    }
    return this.estimatedWaitMs(ahead);
  }

  private fattest(): TCaller | null {
    let fattest: TCaller | null = null;
    for (const cls of this.classes) for (const caller of cls.callers.values()) if (!fattest || caller.queue.length > fattest.queue.length) fattest = caller;
    return fattest;
  }

  private noteWait(waitedMs: number): void {
    if (waitedMs < this.minWaitInInterval) this.minWaitInInterval = waitedMs;
  }

  /** Closes the standing-queue detector's interval and the throughput window when their time is up. */
  private tick(now: number): void {
    if (this.queued > 0) this.emptySince = -1;
    else if (this.emptySince < 0) this.emptySince = now;
    // Requests queue while turns complete: the limit is what holds them, so the no-load latency it is judged
    // by must be current. (Not while nothing completes: turns held by stalled uploads say nothing of latency.)
    if (!this.probe && this.queued > 0 && this.throughput > 0 && now >= this.nextProbeAt && this.options.maxConcurrent > this.minConcurrent) this.probe = { startedAt: now, samples: [] };
    // A probe that gathers too few turns (the process stalled, or every turn is slow) ends with what it has.
    if (this.probe && now - this.probe.startedAt > PROBE_MAX_MS) this.endProbe(now);
    if (now - this.intervalStartedAt >= this.intervalMs) {
      // Turns were given, and even the shortest wait was above target: a standing queue. No turns given
      // and nobody waiting: no queue at all. No turns given while people wait: stuck, which counts too.
      const waiting = this.queued > 0;
      const min = this.minWaitInInterval;
      this.standingQueue = Number.isFinite(min) ? min >= this.targetMs : waiting && this.oldestWait(now) >= this.intervalMs;
      this.minWaitInInterval = Number.POSITIVE_INFINITY;
      this.intervalStartedAt = now;
    }
    const windowMs = now - this.windowStartedAt;
    if (windowMs >= 1000) {
      const rate = (this.completedInWindow / windowMs) * 1000;
      // Idle windows (nothing in turn, nothing waiting) say nothing about capacity: keep the last rate.
      if (this.completedInWindow > 0 || this.queued > 0) this.throughput = this.throughput === 0 ? rate : 0.7 * this.throughput + 0.3 * rate;
      this.completedInWindow = 0;
      this.windowStartedAt = now;
    }
  }

  private oldestWait(now: number): number {
    let oldest = 0;
    for (const cls of this.classes) for (const caller of cls.callers.values()) if (caller.queue.length) oldest = Math.max(oldest, now - caller.queue[0].enqueuedAt);
    return oldest;
  }

  /** Turns that may run now: the adaptive limit, or its floor while the no-load latency is measured. */
  private turnLimit(): number {
    return this.probe ? this.minConcurrent : Math.floor(this.limit);
  }

  private endProbe(now: number): void {
    const samples = this.probe!.samples.sort((a, b) => a - b);
    if (samples.length > 0) this.noLoadLatency = samples[Math.floor(samples.length / 2)];
    this.probe = null;
    this.nextProbeAt = now + this.probeEveryMs;
  }

  /** A turn ended: count it, and move the limit by the gradient of latency inside turns. */
  private completed(latencyMs: number, now: number, fewInTurn: boolean): void {
    this.completedInWindow++;
    this.tick(now);
    if (this.probe && fewInTurn) {
      this.probe.samples.push(latencyMs);
      if (this.probe.samples.length >= PROBE_SAMPLES) this.endProbe(now);
    }
    if (this.shortLatency === 0) {
      this.shortLatency = latencyMs;
      this.longLatency = latencyMs;
      return;
    }
    this.shortLatency = 0.9 * this.shortLatency + 0.1 * latencyMs;
    this.longLatency = 0.995 * this.longLatency + 0.005 * latencyMs;
    // After a long slow spell the long average is stale: let it follow faster when latency is back down.
    if (this.longLatency > 2 * this.shortLatency) this.longLatency = 0.9 * this.longLatency + 0.1 * this.shortLatency;
    // Once measured, latency is judged against the no-load latency (with a margin, as Envoy's buffer);
    // before that, against the long average.
    const reference = this.noLoadLatency > 0 ? NO_LOAD_MARGIN * this.noLoadLatency : 1.5 * this.longLatency;
    const gradient = Math.max(0.5, Math.min(1, reference / this.shortLatency));
    // Only a limit that is in use can be judged: an idle process keeps its limit.
    const busy = this.inTurn + 1 >= this.turnLimit() / 2 || this.queued > 0;
    if (!busy && gradient >= 1) return;
    const next = this.limit * gradient + Math.sqrt(this.limit);
    this.limit = Math.max(this.minConcurrent, Math.min(this.options.maxConcurrent, 0.8 * this.limit + 0.2 * next));
  }
}

/** Turns measured with the limit at its floor to take the no-load latency (their median). */
const PROBE_SAMPLES = 8;
/** A probe ends after this long even with fewer turns measured. */
const PROBE_MAX_MS = 1_000;
/** Latency inside a turn up to this multiple of the no-load latency is not queueing. */
const NO_LOAD_MARGIN = 1.1;

function newClass(): TClass {
  return { callers: new Map(), ring: [], next: 0 };
}
