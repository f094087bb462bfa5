export const median = (values: number[]): number => percentile(values, 50);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `clients` loops calling `request` until `durationMs` ends; returns completions and their latencies. */
export async function closedLoop(options: { clients: number; durationMs: number; request: (i: number) => Promise<boolean> }) {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const success = await options.request(counter++).catch(() => false);
        latencies.push(performance.now() - t0);
        if (success) ok++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ok, failed, perSecond: ok / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
