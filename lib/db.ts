import "server-only";
// One Prisma client per process, for SQLite (DATABASE_URL unset or file:) or PostgreSQL, chosen at run time.
// Both generated clients come from the same schema, so the SQLite client's types describe both.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { env } from "@/lib/env";

export type TDb = SqliteClient;
export type TTx = Omit<TDb, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const globalForDb = globalThis as unknown as { __portalDb?: { url: string; client: TDb } };

export function createDb(databaseUrl: string): TDb {
  if (databaseUrl.startsWith("postgres")) {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    return new PostgresClient({ adapter }) as unknown as TDb;
  }
  // busy timeout: a writer waits for the lock instead of failing at once when two requests write together.
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 });
  return new SqliteClient({ adapter });
}

/** The process's database client (created on first use, reused across hot reloads in development). */
export function db(): TDb {
  const url = env().databaseUrl;
  if (globalForDb.__portalDb?.url !== url) globalForDb.__portalDb = { url, client: createDb(url) };
  return globalForDb.__portalDb.client;
}

/** Lets a test or script point the process at another database. */
export function setDbForProcess(client: TDb, url: string) {
  globalForDb.__portalDb = { url, client };
}
