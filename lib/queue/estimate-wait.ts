// Wait estimates: people ahead divided by the admission rate.
//
// Why a *measured* rate, and measured only while people were waiting: the configured admitPerMinute
// is a ceiling. When sessions are long and maxActiveUsers is the bottleneck, real throughput is lower
// and the configured rate would promise too short a wait. But admissions counted while nobody was
// waiting reflect low demand, not capacity, so those minutes would make the wait look far too long
// right when a surge starts. So we divide admissions from the queue by the time the queue was
// non-empty. With too little of that data we fall back to the configured rate; the rate is never
// zero, so the estimate is never infinite. It is capped at the configured rate because the token
// bucket's initial burst must not make the line look faster than it can run.
import type { RateSample } from "./types";

/** Less busy time than this is noise (one token-bucket burst could dominate it). */
const MIN_BUSY_MS = 10_000;

export function measureAdmitPerMinute(options: {
  samples: RateSample[];
  now: number;
  windowMs: number;
  bucketMs: number;
}): number | null {
  const { samples, now, windowMs, bucketMs } = options;
  const windowStart = now - windowMs;
  let busyMs = 0;
  let admitted = 0;
  for (const sample of samples) {
    if (!sample.busy) continue;
    const start = Math.max(sample.bucket * bucketMs, windowStart);
    const end = Math.min((sample.bucket + 1) * bucketMs, now);
    if (end <= start) continue;
    busyMs += end - start;
    admitted += sample.admitted;
  }
  if (busyMs < MIN_BUSY_MS || admitted === 0) return null;
  return (admitted * 60_000) / busyMs;
}

export function effectiveAdmitPerMinute(options: { measured: number | null; configured: number }): number {
  const configured = Math.max(options.configured, 1e-6);
  return options.measured === null ? configured : Math.min(options.measured, configured);
}

export function estimateWaitSeconds(options: { ahead: number; admitPerMinute: number }): number {
  if (options.ahead <= 0) return 0;
  return Math.ceil((options.ahead * 60) / options.admitPerMinute);
}

/** Pre-queue: time until opening plus, on average, half the pre-queue ahead after the shuffle. */
export function estimatePreQueueWaitSeconds(options: {
  now: number;
  opensAtMs: number;
  preQueueSize: number;
  admitPerMinute: number;
}): number {
  const untilOpening = Math.max(0, Math.ceil((options.opensAtMs - options.now) / 1000));
  const expectedAhead = Math.max(0, options.preQueueSize - 1) / 2;
  return untilOpening + estimateWaitSeconds({ ahead: expectedAhead, admitPerMinute: options.admitPerMinute });
}
