import "server-only";
// The status page's state, kept in memory. Requests never wait for the database once a state is
// known: a stale state is served while one refresh runs in the background (at most every few
// seconds, or at once after a publish in this process). A database that does not answer within a
// short timeout means the last published state (the snapshot file) is served, marked as such.
import { loadStatusState } from "./load-status-state";
import { readSnapshot, writeSnapshot } from "./snapshot";
import type { TStatusState } from "./state";
import { processSingleton } from "@/lib/process-singleton";

const REFRESH_MS = 5_000;
const DB_TIMEOUT_MS = 1_500;

type TCache = { state: TStatusState | null; loadedAt: number; dirty: boolean; inflight: Promise<TStatusState> | null; listeners: Set<() => void> };
const cache = processSingleton<TCache>("status-cache", () => ({ state: null, loadedAt: 0, dirty: true, inflight: null, listeners: new Set() }));

/** The current state; waits for the database only when nothing is known yet or after a publish. */
export async function getStatusState(options: { fresh?: boolean } = {}): Promise<TStatusState> {
  const stale = !cache.state || cache.dirty || Date.now() - cache.loadedAt > REFRESH_MS;
  if (!stale && !options.fresh) return cache.state!;
  // A publish in this process must be visible to the next reader (the operator checking the page).
  const mustWait = !cache.state || cache.dirty || options.fresh;
  // A load already running may have read the database before the change: wait for it, then load again.
  if (options.fresh && cache.inflight) await cache.inflight.catch(() => undefined);
  const refresh = (cache.inflight ??= refreshState().finally(() => (cache.inflight = null)));
  if (mustWait || !cache.state) return refresh;
  return cache.state;
}

/** Marks the state as changed: the next reader reloads it. */
export function invalidateStatus() {
  cache.dirty = true;
}

/** Called with no argument whenever a new version is loaded (the render caches drop old output). */
export function onStatusVersion(listener: () => void) {
  cache.listeners.add(listener);
}

async function refreshState(): Promise<TStatusState> {
  cache.dirty = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    // With nothing to fall back on (first start, no snapshot yet) the page waits for the database
    // rather than fail; otherwise a slow database gets DB_TIMEOUT_MS and the last state is served.
    const hasFallback = cache.state !== null || readSnapshot() !== null;
    const loaded = await Promise.race([
      loadStatusState(),
      ...(hasFallback ? [new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("database timeout")), DB_TIMEOUT_MS)))] : []),
    ]);
    const { contentHash, ...rest } = loaded;
    const previous = cache.state;
    if (previous && previous.source === "live" && previous.version === contentHash) {
      cache.loadedAt = Date.now();
      return previous;
    }
    const state: TStatusState = { ...rest, version: contentHash, source: "live" };
    cache.state = state;
    cache.loadedAt = Date.now();
    for (const l of cache.listeners) l();
    try {
      writeSnapshot(state);
    } catch (error) {
      console.error(`[status] could not write the snapshot: ${(error as Error).message}`);
    }
    return state;
  } catch (error) {
    console.error(`[status] database unavailable, serving the last published state: ${(error as Error).message}`);
    const fallback = readSnapshot() ?? (cache.state ? { ...cache.state, source: "snapshot" as const } : null);
    if (!fallback) throw error;
    const state = { ...fallback, version: `${fallback.version}-s` };
    if (cache.state?.version !== state.version) {
      cache.state = state;
      for (const l of cache.listeners) l();
    }
    cache.loadedAt = Date.now();
    return state;
  } finally {
    clearTimeout(timer);
  }
}
