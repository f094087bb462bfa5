import "server-only";
import { AppError } from "@/lib/errors";
import { reportDatabasePoolExhausted } from "@/lib/queue/portal-waiting-room";

// What the drivers say when no connection could be had in time (PostgreSQL pool exhausted, server
// unreachable) or SQLite stayed locked: overload, not a bug in the request.
const UNAVAILABLE = /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|P1001|P1008|P2024|connection pool|SQLITE_BUSY|database is locked/i;

/** The same, as the driver adapter classifies it (the only place it shows for raw queries: P2010). */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * Turns "the database could not be reached in time" into a 503 with Retry-After (and tells the
 * overload monitor, which then sheds new heavy work) instead of a 500 or a request that hangs.
 */
export function asDatabaseUnavailable(error: unknown): AppError | null {
  const e = error as { message?: string; code?: string; cause?: { message?: string }; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  const text = `${e?.code ?? ""} ${e?.message ?? ""} ${e?.cause?.message ?? ""}`;
  if (!UNAVAILABLE.test(text) && !UNAVAILABLE_KINDS.has(e?.meta?.driverAdapterError?.cause?.kind ?? "")) return null;
  reportDatabasePoolExhausted();
  return new AppError(
    "UNAVAILABLE",
    {
      id: "Layanan sedang sangat sibuk. Coba lagi sebentar lagi; tidak ada yang hilang.",
      en: "The service is very busy right now. Try again shortly; nothing was lost.",
    },
    { status: 503, details: { retryAfterSeconds: 5 } },
  );
}
