import "server-only";
// Fixed-window counters kept in this process (one set for all of its bundles). Enough for the single-server
// default; with several processes each counts on its own, so the effective limit is multiplied by the process count.
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

type TWindow = { count: number; resetAt: number };
const state = processSingleton("rate-limit", () => ({ windows: new Map<string, TWindow>(), lastSweep: 0 }));
const windows = state.windows;

export type TRateLimit = { limit: number; windowSeconds: number };

export const limits = {
  // Sign-in is limited per (account, address) pair and per address, never per account alone: otherwise
  // anyone could lock any account out by guessing wrong from a few addresses.
  signInPerAccountAndIp: { limit: 5, windowSeconds: 15 * 60 },
  signInPerIp: { limit: 30, windowSeconds: 15 * 60 },
  // Wrong passwords for one account from addresses it never signed in from (a botnet spreading its
  // guesses): past this, only addresses the account is known to use may still try.
  signInFailuresFromNewAddresses: { limit: 50, windowSeconds: 15 * 60 },
  registerPerIp: { limit: 10, windowSeconds: 60 * 60 },
  publicVerifyPerIp: { limit: 30, windowSeconds: 60 },
  publicLookupPerIp: { limit: 120, windowSeconds: 60 },
  // Browser verification: one request per 1,000 stamps of a batch (and one per single-file check).
  publicRegistryLookupPerIp: { limit: 120, windowSeconds: 60 },
  subscribePerIp: { limit: 10, windowSeconds: 60 * 60 },
} satisfies Record<string, TRateLimit>;

/** Counts one hit; returns whether it is allowed and, if not, how long until it would be. */
export function hit(key: string, rule: TRateLimit, now = Date.now()): { allowed: boolean; retryAfterSeconds: number } {
  if (env().rateLimitDisabled) return { allowed: true, retryAfterSeconds: 0 };
  sweep(now);
  let w = windows.get(key);
  if (!w || w.resetAt <= now) {
    w = { count: 0, resetAt: now + rule.windowSeconds * 1000 };
    windows.set(key, w);
  }
  w.count++;
  const allowed = w.count <= rule.limit;
  return { allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((w.resetAt - now) / 1000) };
}

/** Whether a key is over its limit now, without counting a hit. */
export function isOverLimit(key: string, rule: TRateLimit, now = Date.now()): { limited: boolean; retryAfterSeconds: number } {
  if (env().rateLimitDisabled) return { limited: false, retryAfterSeconds: 0 };
  const w = windows.get(key);
  const limited = !!w && w.resetAt > now && w.count >= rule.limit;
  return { limited, retryAfterSeconds: limited ? Math.ceil((w.resetAt - now) / 1000) : 0 };
}

/** Forget a key's failures (after a successful sign-in). */
export function reset(key: string) {
  windows.delete(key);
}

function sweep(now: number) {
  if (now - state.lastSweep < 60_000) return;
  state.lastSweep = now;
  for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key);
}
