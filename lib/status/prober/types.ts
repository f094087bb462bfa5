// A probe checks one component and says how it went. `unreachable` means the thing could not be
// reached at all (connection refused, timeout): that turns into major_outage rather than degraded.
export type TProbeResult = { ok: boolean; latencyMs: number; detail: string; unreachable?: boolean };
export type TProbe = () => Promise<TProbeResult>;

/** Runs a probe with a time limit; a probe that throws or hangs is a failed, unreachable probe. */
export async function runWithTimeout(probe: TProbe, timeoutMs: number): Promise<TProbeResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      probe(),
      new Promise<TProbeResult>((resolve) => (timer = setTimeout(() => resolve({ ok: false, unreachable: true, latencyMs: Math.round(performance.now() - started), detail: `timeout after ${timeoutMs} ms` }), timeoutMs))),
    ]);
  } catch (error) {
    return { ok: false, unreachable: true, latencyMs: Math.round(performance.now() - started), detail: (error as Error).message.slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}

export async function measure(check: () => Promise<{ ok: boolean; detail: string; unreachable?: boolean }>): Promise<TProbeResult> {
  const started = performance.now();
  const r = await check();
  return { ...r, latencyMs: Math.round(performance.now() - started) };
}
