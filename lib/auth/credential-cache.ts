// Who a credential (API token or session cookie) belongs to, remembered for a few seconds per process.
// Every API call and every request through the front door (fair turns, the waiting room's check that a
// signed-in visitor really is signed in) asks; one database statement per credential every few seconds
// instead of one per request. Revoking a token or ending a session drops it here at once; in other
// processes it lasts at most CREDENTIAL_CACHE_MS more.
import { processSingleton } from "@/lib/process-singleton";

export const CREDENTIAL_CACHE_MS = 5_000;
const MAX_ENTRIES = 20_000;

type TEntry<T> = { value: T; expiresAt: number };

const caches = processSingleton("credential-cache", () => ({ tokens: new Map<string, TEntry<unknown>>(), sessions: new Map<string, TEntry<unknown>>() }));

/** The cached answer for `hash`, or `load`'s answer (kept for CREDENTIAL_CACHE_MS, unknown credentials too). */
export async function cachedCredential<T>(kind: "tokens" | "sessions", hash: string, load: () => Promise<T>): Promise<T> {
  const cache = caches[kind] as Map<string, TEntry<T>>;
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.expiresAt > now) return hit.value;
  const value = await load();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.delete(hash);
  cache.set(hash, { value, expiresAt: now + CREDENTIAL_CACHE_MS });
  return value;
}

/** Drops cached answers: by credential hash, or every one whose value matches (a token revoked by id). */
export function forgetCredential(kind: "tokens" | "sessions", match: string | ((value: unknown) => boolean)): void {
  const cache = caches[kind];
  if (typeof match === "string") cache.delete(match);
  else for (const [hash, entry] of cache) if (match(entry.value)) cache.delete(hash);
}

/**
 * Drops every cached answer about one account (its sessions and tokens): after it is disabled, or its
 * e-mail confirmed, the next request reads the account as it now is.
 */
export function forgetCredentialsOf(userId: string): void {
  // Tokens cache the user itself; sessions cache { value: user, expiresAt }.
  const belongsToUser = (value: unknown) => {
    const v = value as { id?: string; value?: { id?: string } } | null;
    return v?.id === userId || v?.value?.id === userId;
  };
  forgetCredential("tokens", belongsToUser);
  forgetCredential("sessions", belongsToUser);
}

/** Forgets everything (tests that move time past the cache's lifetime). */
export function clearCredentialCache(): void {
  caches.tokens.clear();
  caches.sessions.clear();
}
