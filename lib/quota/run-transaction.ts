import "server-only";
// One place that opens the purchase area's transactions. SQLite allows one writer at a time: another
// process (the reconcile command, a benchmark) can make a write fail with SQLITE_BUSY even with a busy
// timeout, when a deferred transaction cannot upgrade its read lock. PostgreSQL can abort one of two
// transactions in a deadlock. Both are safe to retry from the start, so callers never see them.
import { db, type TTx } from "@/lib/db";

// P1008 is how the SQLite adapter reports SQLITE_BUSY (a deferred transaction that could not take the
// write lock from another process). Every transaction run here is idempotent, so a retry is safe even
// if a timed-out attempt had in fact committed.
const RETRYABLE = /SQLITE_BUSY|database is locked|P2034|P2028|P1008|timed out|deadlock|could not serialize|write conflict|Unable to start a transaction/i;
const MAX_ATTEMPTS = 8;

export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown };
  if (e?.code === "P2034" || e?.code === "P2028" || e?.code === "P1008") return true;
  return RETRYABLE.test(String(e?.message ?? "")) || (e?.cause ? RETRYABLE.test(String((e.cause as Error).message ?? e.cause)) : false);
}

/** Runs `fn` in a transaction of its own, retried on lock/serialization errors; or inside `tx` when given. */
export async function runTransaction<T>(fn: (tx: TTx) => Promise<T>, tx?: TTx): Promise<T> {
  if (tx) return fn(tx);
  for (let attempt = 1; ; attempt++) {
    try {
      // A generous wait: on SQLite transactions queue behind one another, and 64 waiting is normal under load.
      return await db().$transaction((t) => fn(t), { maxWait: 60_000, timeout: 60_000 });
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 5 * 2 ** attempt) * Math.random()));
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === "P2002";
}
