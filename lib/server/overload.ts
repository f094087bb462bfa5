// Load shedding. When the process is saturated (event loop lagging, database pool exhausted) the
// front door refuses *new, non-admitted heavy* work with 503 + Retry-After, so people already
// admitted can finish their purchase or affixing and joining the queue stays cheap and possible
// (the policy, who may continue, is the waiting room's: lib/queue/admission.ts).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { onDatabaseUnavailable } from "@/lib/db/database-errors";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

/** The part of perf_hooks' IntervalHistogram we use; injectable for tests. */
export interface DelayHistogram {
  enable(): void;
  disable(): void;
  reset(): void;
  /** Nanoseconds. */
  percentile(percentile: number): number;
  readonly count?: number;
}

export interface OverloadOptions {
  /** p99 event-loop delay above which the process counts as overloaded. Default 200 ms. */
  maxEventLoopDelayMs?: number;
  /** Length of one measuring window; p99 is taken over the last full window. Default 5000 ms. */
  windowMs?: number;
  /** Histogram sampling resolution. Default 20 ms. */
  resolutionMs?: number;
  /** How long a "database pool exhausted" signal keeps the process overloaded. Default 5000 ms. */
  databaseHoldMs?: number;
  now?: () => number;
  histogram?: DelayHistogram;
}

export interface OverloadSnapshot {
  overloaded: boolean;
  eventLoopDelayP99Ms: number;
  databaseExhaustedUntil: Date | null;
  reasons: ("event_loop_delay" | "database_pool_exhausted")[];
}

export interface OverloadMonitor {
  start(): void;
  stop(): void;
  isOverloaded(): boolean;
  snapshot(): OverloadSnapshot;
  /** Call from the database layer when acquiring a connection timed out or the pool is full. */
  reportDatabasePoolExhausted(): void;
  /** Closes the current window now (the timer calls this every `windowMs`; tests call it directly). */
  rotateWindow(): void;
  /** Drops what was measured so far: the server calls it when it starts listening (starting up is not overload). */
  forget(): void;
}

export function createOverloadMonitor(options: OverloadOptions = {}): OverloadMonitor {
  const maxDelayMs = options.maxEventLoopDelayMs ?? 200;
  const windowMs = options.windowMs ?? 5000;
  const databaseHoldMs = options.databaseHoldMs ?? 5000;
  const now = options.now ?? Date.now;
  const histogram: DelayHistogram = options.histogram ?? monitorEventLoopDelay({ resolution: options.resolutionMs ?? 20 });
  let lastWindowP99Ms = 0;
  let databaseExhaustedUntil = 0;
  let timer: NodeJS.Timeout | null = null;

  const p99Ms = () => {
    const value = histogram.percentile(99);
    return Number.isFinite(value) ? value / 1e6 : 0;
  };

  function rotateWindow(): void {
    lastWindowP99Ms = p99Ms();
    histogram.reset();
  }

  // The current partial window counts too, so a sudden stall is noticed before the window ends.
  const currentDelayMs = () => Math.max(lastWindowP99Ms, p99Ms());

  function snapshot(): OverloadSnapshot {
    const delay = currentDelayMs();
    const reasons: OverloadSnapshot["reasons"] = [];
    if (delay > maxDelayMs) reasons.push("event_loop_delay");
    if (now() < databaseExhaustedUntil) reasons.push("database_pool_exhausted");
    return {
      overloaded: reasons.length > 0,
      eventLoopDelayP99Ms: Math.round(delay * 10) / 10,
      databaseExhaustedUntil: databaseExhaustedUntil > now() ? new Date(databaseExhaustedUntil) : null,
      reasons,
    };
  }

  return {
    start() {
      if (timer) return;
      histogram.enable();
      timer = setInterval(rotateWindow, windowMs);
      // The monitor must never keep a process (or a test run) alive.
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      histogram.disable();
    },
    isOverloaded: () => snapshot().overloaded,
    snapshot,
    reportDatabasePoolExhausted() {
      databaseExhaustedUntil = now() + databaseHoldMs;
    },
    rotateWindow,
    forget() {
      histogram.reset();
      lastWindowP99Ms = 0;
    },
  };
}

/**
 * The process's monitor, started on first use; the database layer's "could not be reached in time"
 * reaches it through onDatabaseUnavailable.
 */
export function overloadMonitor(): OverloadMonitor {
  return processSingleton("overload-monitor", () => {
    const monitor = createOverloadMonitor({ maxEventLoopDelayMs: env().queue.maxEventLoopDelayMs });
    monitor.start();
    onDatabaseUnavailable(() => monitor.reportDatabasePoolExhausted());
    return monitor;
  });
}
