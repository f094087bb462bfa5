import "server-only";
// One Prisma client per process, for SQLite (DATABASE_URL unset or file:) or PostgreSQL, chosen at run time.
// Both generated clients come from the same schema, so the SQLite client's types describe both.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { withStatementCount } from "./statement-count";
import type pg from "pg";
import { registerDriver } from "./driver";
import { LogFlusher } from "./log-flusher";

export type TDb = SqliteClient;
export type TTx = Omit<TDb, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const current = processSingleton("db", () => ({ url: "", client: null as TDb | null }));

export function createDb(databaseUrl: string): TDb {
  if (databaseUrl.startsWith("postgres")) {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    const connectPg = adapter.connect.bind(adapter);
    const client = new PostgresClient({ adapter }) as unknown as TDb;
    adapter.connect = async () => {
      const connected = await connectPg();
      // The pool Prisma made for this connection, shared with the hot transactions (lib/db/driver.ts).
      registerDriver(client, { kind: "postgresql", pool: connected.underlyingDriver() as pg.Pool });
      return withStatementCount(connected);
    };
    return client;
  }
  // busy timeout: a writer waits for the lock instead of failing at once when two requests write together.
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 });
  const connect = adapter.connect.bind(adapter);
  const client = new SqliteClient({ adapter });
  adapter.connect = async () => {
    const connected = await connect();
    waitForTheDisk(connected);
    const compile = withStatementCache(connected);
    const takeTurn = withTurnTakingTransactions(connected);
    // The hot transactions (lib/db/driver.ts) run on this same connection, in the same turns.
    if (compile) registerDriver(client, { kind: "sqlite", compile, takeTurn, log: logFlusher(connected) });
    return withStatementCount(connected);
  };
  return client;
}

type TSqliteAdapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

/** The adapter's own better-sqlite3 connection (not part of its API: undefined if a version hides it). */
function sqliteConnection(adapter: TSqliteAdapter): BetterSqlite3.Database | undefined {
  return (adapter as unknown as { client?: BetterSqlite3.Database }).client;
}

/**
 * Each commit waits until it is on the disk (`synchronous = FULL`). better-sqlite3 is built to open a
 * WAL database with NORMAL, where a commit survives the process dying but a power loss can take the last
 * ones: a confirmed payment, or the registry row of a stamp already handed out. Affixing's reservation
 * alone asks not to wait (lib/db/driver.ts, `flushedByNextCommit`).
 */
function waitForTheDisk(adapter: TSqliteAdapter) {
  const client = sqliteConnection(adapter);
  if (typeof client?.pragma === "function") client.pragma("synchronous = FULL");
  else console.warn("[db] could not reach the SQLite connection to set synchronous = FULL; commits keep the build's default");
}

/** The write-ahead log's flusher (lib/db/log-flusher.ts), for a file database in WAL mode; else none. */
function logFlusher(adapter: TSqliteAdapter): LogFlusher | undefined {
  const client = sqliteConnection(adapter);
  if (!client || client.memory || typeof client.pragma !== "function") return undefined;
  if (String(client.pragma("journal_mode", { simple: true })).toLowerCase() !== "wal") return undefined;
  return new LogFlusher(`${client.name}-wal`);
}

type TStatement = BetterSqlite3.Statement<unknown[]>;
const STATEMENT_CACHE_SIZE = 500;

/**
 * The adapter prepares every statement anew (`client.prepare(sql).bind(args)`): compiling the SQL took
 * about a tenth of the event loop while affixing. Here each SQL text is compiled once and kept (the
 * newest 500); `bind` gives a view that passes the arguments at each run instead of binding them to
 * the shared statement for good. Safe to share: better-sqlite3 runs a statement to completion and
 * resets it within one synchronous call (the adapter never iterates).
 */
function withStatementCache(adapter: TSqliteAdapter): ((sql: string) => TStatement) | null {
  const client = sqliteConnection(adapter);
  if (typeof client?.prepare !== "function") return null; // another adapter version: run uncached
  const cache = new Map<string, TStatement>();
  const prepare = client.prepare.bind(client) as (sql: string) => TStatement;
  const compile = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
  const view = (statement: TStatement, args: unknown[]) => ({
    reader: statement.reader,
    bind: (bound: unknown[]) => view(statement, bound),
    run: () => statement.run(args),
    columns: () => statement.columns(),
    raw: () => ({ all: () => statement.raw(true).all(args) }),
  });
  (client as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => view(compile(sql), []);
  return compile;
}

/**
 * better-sqlite3 runs every statement synchronously, and the adapter queues transactions on a promise
 * mutex: under load, queued transactions then ran back to back in one chain of microtasks, holding the
 * event loop for hundreds of milliseconds (measured: 250–380 ms stalls during the surge benchmark), so
 * the status page and the waiting room could not answer. Here the next queued transaction starts on a
 * later turn of the event loop, so requests waiting for I/O are served between two transactions.
 */
function withTurnTakingTransactions(adapter: TSqliteAdapter): () => Promise<() => void> {
  const waiting: (() => void)[] = [];
  let busy = false;
  const acquire = async () => {
    if (!busy) {
      busy = true;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) setImmediate(next);
    else busy = false;
  };
  // Statements outside a transaction are synchronous too: each one starts on a turn of its own.
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const run = adapter[method].bind(adapter) as (query: unknown) => Promise<unknown>;
    (adapter as unknown as Record<string, unknown>)[method] = (query: unknown) => new Promise((resolve) => setImmediate(resolve)).then(() => run(query));
  }
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    await acquire();
    let tx: Awaited<ReturnType<typeof startTransaction>>;
    try {
      tx = await startTransaction(isolationLevel);
    } catch (error) {
      release();
      throw error;
    }
    let ended = false;
    const end = () => {
      if (!ended) (ended = true), release();
    };
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = () => commit().finally(end);
    tx.rollback = () => rollback().finally(end);
    return tx;
  };
  // A turn for a transaction run outside Prisma (lib/db/driver.ts): the returned function ends it.
  return async () => {
    await acquire();
    let ended = false;
    return () => {
      if (!ended) (ended = true), release();
    };
  };
}

/** The process's database client (created on first use, reused across hot reloads in development). */
export function db(): TDb {
  const url = env().databaseUrl;
  if (!current.client || current.url !== url) Object.assign(current, { url, client: createDb(url) });
  return current.client!;
}

/** Lets a test or script point the process at another database. */
export function setDbForProcess(client: TDb, url: string) {
  Object.assign(current, { url, client });
}
