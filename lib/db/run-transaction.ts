import "server-only";
// One place that opens the domain's own transactions. SQLite allows one writer at a time: another process
// (the reconcile command, a benchmark) can make a write fail with SQLITE_BUSY even with a busy timeout,
// when a deferred transaction cannot upgrade its read lock. PostgreSQL can abort one of two transactions
// in a deadlock. Both are safe to retry from the start, so callers never see them.
import { db, type TTx } from "./client";
import { isRetryableTransactionError, isUniqueViolation } from "./database-errors";

const MAX_ATTEMPTS = 8;

type TRunOptions = {
  /**
   * Run once more when a unique key refused the write: the work first looks for what it would create,
   * so the second run finds the row a concurrent request created meanwhile (two identical requests at once).
   */
  retryOnUniqueViolation?: boolean;
};

/** Runs `fn` in a transaction of its own, retried on lock/serialization errors; or inside `tx` when given. */
export async function runTransaction<T>(fn: (tx: TTx) => Promise<T>, tx?: TTx, options: TRunOptions = {}): Promise<T> {
  if (tx) return fn(tx);
  try {
    return await runWithRetries(fn);
  } catch (error) {
    if (options.retryOnUniqueViolation && isUniqueViolation(error)) return runWithRetries(fn);
    throw error;
  }
}

async function runWithRetries<T>(fn: (tx: TTx) => Promise<T>): Promise<T> {
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
