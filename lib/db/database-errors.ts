// What a database error means for the caller, in one place: "could not be reached in time" (overload:
// answer 503 and shed new work), "lost a race with another transaction" (retry from the start), or a
// unique key that refused a second row. Both drivers (SQLite through better-sqlite3, PostgreSQL through
// pg) and Prisma's own codes are read here.
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/process-singleton";

type TDriverError = {
  code?: string;
  message?: string;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: string } } };
};

const textOf = (error: unknown): string => {
  const e = error as TDriverError;
  const cause = e?.cause as { message?: string } | string | undefined;
  return `${e?.code ?? ""} ${e?.message ?? ""} ${typeof cause === "string" ? cause : (cause?.message ?? "")}`;
};

// No connection could be had in time (PostgreSQL pool exhausted, server unreachable) or SQLite stayed
// locked past its busy timeout: overload, not a bug in the request.
const UNAVAILABLE = /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|P1001|P1008|P2024|connection pool|SQLITE_BUSY|database is locked/i;
/** The same, as the driver adapter classifies it (the only place it shows for raw queries: P2010). */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// A transaction that lost to another one and is safe to run again from the start. P1008 is how the
// SQLite adapter reports SQLITE_BUSY (a deferred transaction that could not take the write lock from
// another process); PostgreSQL aborts one of two deadlocked or conflicting serializable transactions.
const RETRYABLE = /SQLITE_BUSY|database is locked|P2034|P2028|P1008|timed out|deadlock|could not serialize|write conflict|Unable to start a transaction/i;
const RETRYABLE_CODES = new Set(["P2034", "P2028", "P1008"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const kind = (error as TDriverError)?.meta?.driverAdapterError?.cause?.kind ?? "";
  return UNAVAILABLE.test(textOf(error)) || UNAVAILABLE_KINDS.has(kind);
}

export function isRetryableTransactionError(error: unknown): boolean {
  if (RETRYABLE_CODES.has((error as TDriverError)?.code ?? "")) return true;
  return RETRYABLE.test(textOf(error));
}

/** Prisma's P2002, or the driver's own code for plain SQL (lib/db/driver.ts): PostgreSQL 23505, SQLite's. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as TDriverError)?.code;
  return code === "P2002" || code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

type TUnavailableListener = () => void;
const listeners = processSingleton("database-unavailable-listeners", () => new Set<TUnavailableListener>());

/** The server's overload control listens here (lib/server/), so the database layer need not know it. */
export function onDatabaseUnavailable(listener: TUnavailableListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Turns "the database could not be reached in time" into a 503 with Retry-After (and tells the
 * listeners, which then shed new heavy work) instead of a 500 or a request that hangs.
 */
/** Tells the listeners that the database could not be reached in time (also from a failed page, lib/server/page-failures.ts). */
export function notifyDatabaseUnavailable(): void {
  for (const listener of listeners) listener();
}

export function asDatabaseUnavailable(error: unknown): AppError | null {
  if (!isDatabaseUnavailable(error)) return null;
  notifyDatabaseUnavailable();
  return new AppError(
    "UNAVAILABLE",
    {
      id: "Layanan sedang sangat sibuk. Coba lagi sebentar lagi; tidak ada yang hilang.",
      en: "The service is very busy right now. Try again shortly; nothing was lost.",
    },
    { status: 503, details: { retryAfterSeconds: 5 } },
  );
}
