// Graceful drain (SIGTERM): the node leaves the load balancer's rotation first (GET /api/health answers
// 503 "draining" while it still serves), then stops accepting connections, lets the requests it holds
// finish within DRAIN_TIMEOUT_SECONDS, gives its background leases up so another node takes them at
// once, and lets the process exit.
import type { Server, ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { leaseKeeper } from "@/lib/leases/lease-keeper";
import { processSingleton } from "@/lib/process-singleton";

const state = processSingleton("drain", () => ({ draining: false, inFlight: 0, onIdle: [] as (() => void)[] }));

export function isDraining(): boolean {
  return state.draining;
}

/** Counts a request until its response is finished (or its connection is gone). */
export function trackRequest(res: ServerResponse): void {
  state.inFlight++;
  // While draining, every answer closes its connection: the balancer opens the next one elsewhere.
  if (state.draining && !res.headersSent) res.setHeader("Connection", "close");
  res.once("close", () => {
    state.inFlight--;
    if (state.inFlight === 0) for (const resolve of state.onIdle.splice(0)) resolve();
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Drains `server`; resolves with how many requests were still unfinished when time ran out (0: all done). */
export async function drain(server: Server): Promise<{ unfinished: number; tookMs: number }> {
  const started = Date.now();
  state.draining = true;
  const { readyDelayMs, timeoutMs } = env().drain;
  console.log(`[server] draining: out of rotation now, closing in ${readyDelayMs / 1000} s, waiting at most ${timeoutMs / 1000} s for ${state.inFlight} request(s)`);
  // The balancer polls /api/health: until it has seen the 503, new requests still arrive and are served.
  await sleep(readyDelayMs);
  server.close();
  server.closeIdleConnections();
  if (state.inFlight > 0) {
    await Promise.race([new Promise<void>((resolve) => state.onIdle.push(resolve)), sleep(timeoutMs)]);
  }
  await leaseKeeper()
    .releaseAll()
    .catch((error) => console.error(`[server] could not release leases (they expire by themselves): ${(error as Error).message.split("\n")[0]}`));
  return { unfinished: state.inFlight, tookMs: Date.now() - started };
}
