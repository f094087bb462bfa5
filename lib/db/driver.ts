import "server-only";
// Plain SQL through the driver, for the few hot transactions (affixing's reservation and completion, the
// record of a verification API call), where Prisma's query planning and interpretation cost more CPU
// than the statements themselves (profile of bench:affix: about a third of the main thread in
// @prisma/client). prisma/schema.prisma stays the only schema: these statements name its tables and
// columns, write its defaults the way Prisma writes them (cuid-style ids, dates as the adapters store
// them), and the migrations still come from it. Everything else keeps using Prisma.
//
// Both databases run the same SQL text (`?` placeholders, quoted identifiers):
// - SQLite: Prisma's own better-sqlite3 connection, in a turn of the same queue Prisma's transactions
//   wait in (lib/db/client.ts), BEGIN IMMEDIATE … COMMIT. The statements are synchronous, so a hot
//   transaction must await nothing but its own statements: nothing else can then run inside it.
// - PostgreSQL: a connection from the pool Prisma also uses, BEGIN … COMMIT; writes that stand together
//   (`sqlWritesTogether`) are one statement on their own, without BEGIN and COMMIT.
// Every statement sent is counted in portal_db_statements_total (BEGIN too, which Prisma's count omits).
import { createHash } from "node:crypto";
import { randomBytes } from "@/lib/random-bytes";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { processSingleton } from "@/lib/process-singleton";
import { countStatement } from "./statement-count";
import type { TDb } from "./client";
import type { LogFlusher } from "./log-flusher";

export type TDriver =
  | { kind: "sqlite"; compile: (sql: string) => BetterSqlite3.Statement<unknown[]>; takeTurn: () => Promise<() => void>; log?: LogFlusher }
  | { kind: "postgresql"; pool: pg.Pool };

export type TSqlValue = string | number | boolean | null | Date;

/** One write for `TSqlTx.runAll`: an INSERT, UPDATE or DELETE without RETURNING. */
export type TSqlStatement = { sql: string; values: TSqlValue[] };

export type TSqlTx = {
  kind: TDriver["kind"];
  /** Runs a write; returns the number of rows it changed. */
  run(sql: string, values?: TSqlValue[]): Promise<number>;
  /** Runs a query; returns its rows as objects (dates as the driver returns them: do not rely on their type). */
  rows<T>(sql: string, values?: TSqlValue[]): Promise<T[]>;
  /**
   * Runs writes that do not depend on one another (none reads or changes a row another writes), and returns
   * the rows each changed, in order; one that fails (a unique key) fails them all. PostgreSQL: one
   * statement, a WITH of the data-modifying statements, so one round trip and one parse instead of one each
   * (all of them see the snapshot from before any of them, and a row two of them change is changed once).
   * SQLite: one after the other (nothing to save there: the statements run in this process). Checks on
   * the counts come after all of them, and a throw then rolls every write back.
   */
  runAll(writes: TSqlStatement[]): Promise<number[]>;
};

const drivers = processSingleton("db-drivers", () => new WeakMap<object, TDriver>());

export function registerDriver(client: TDb, driver: TDriver): void {
  // Connected again (each connection makes its own flusher): the old connection's log handle goes.
  const previous = drivers.get(client);
  if (previous?.kind === "sqlite") void previous.log?.close();
  drivers.set(client, driver);
}

async function driverOf(client: TDb): Promise<TDriver> {
  let driver = drivers.get(client);
  if (!driver) {
    // The SQLite connection is Prisma's: made on its first query.
    await client.$queryRawUnsafe("SELECT 1");
    driver = drivers.get(client);
  }
  if (!driver) throw new Error("no database driver registered for this client (lib/db/client.ts)");
  return driver;
}

/** The SQLite connection's log flusher (none for PostgreSQL, or SQLite outside WAL mode). */
export async function logFlusherOf(client: TDb): Promise<LogFlusher | undefined> {
  const driver = await driverOf(client);
  return driver.kind === "sqlite" ? driver.log : undefined;
}

export type TCommit = {
  /**
   * The commit does not wait for the disk: it is made durable by the next commit that does (the log is
   * written in order, and flushing it flushes everything before). Visible at once, and kept if this
   * process dies; a power loss or a database crash can take it, with nothing after it. Only for a change
   * that nothing is delivered on until a later, waited-for commit has made it durable: affixing's
   * reservation, whose stamp is handed out only after its completion commits. SQLite: `synchronous =
   * NORMAL` for this transaction (FULL again after it); PostgreSQL: `SET LOCAL synchronous_commit = off`.
   */
  flushedByNextCommit?: boolean;
  /**
   * The commit waits for the disk, as every other does, but not on the event loop. SQLite: written with
   * `synchronous = NORMAL`, then the log is fsynced by a thread-pool thread (lib/db/log-flusher.ts), shared
   * with the other commits waiting then; this resolves only once the commit is on the disk. Other
   * transactions run meanwhile, and see the change before it is durable: only for a change that nothing
   * is delivered on until this resolves (affixing's completion: its stamp goes out after). PostgreSQL:
   * a plain commit (the database server waits for its disk, the event loop never did).
   */
  flushedOffTheEventLoop?: boolean;
};

/** Runs `fn` in one transaction on `client`'s database; a throw rolls it back. */
export async function sqlTransaction<T>(client: TDb, fn: (tx: TSqlTx) => Promise<T>, commit: TCommit = {}): Promise<T> {
  const driver = await driverOf(client);
  return driver.kind === "sqlite" ? sqliteTransaction(driver, fn, commit) : postgresTransaction(driver, fn, commit);
}

/** What `sqlWritesTogether` answers: each write's count, and whether a required write changed nothing (then nothing was written). */
export type TWritesOutcome = { counts: number[]; refused: boolean };

/**
 * Writes that stand only together, and only if each write at an index in `required` changed a row: the
 * hot transactions whose every statement is a write (affixing's reservation and completion). When a
 * required write changed nothing, every write is undone and `refused` is true; the counts say which.
 * A failing write (a unique key) throws, and undoes them all too.
 * - SQLite: one transaction, `tx.runAll`, as `sqlTransaction` runs it.
 * - PostgreSQL: one statement on its own (autocommit), no BEGIN and COMMIT: one round trip instead of
 *   three. The requirement is checked inside it, where a failed one raises an error (a cast of the counts
 *   that cannot succeed), and a statement that fails is rolled back whole. Its commit waits for the disk,
 *   whatever `commit` says (`SET LOCAL` needs a transaction).
 */
export async function sqlWritesTogether(client: TDb, writes: TSqlStatement[], required: number[], commit: TCommit = {}): Promise<TWritesOutcome> {
  const driver = await driverOf(client);
  if (driver.kind === "postgresql") return postgresWritesTogether(driver, writes, required);
  try {
    const counts = await sqliteTransaction(
      driver,
      async (tx) => {
        const counts = await tx.runAll(writes);
        if (required.some((i) => counts[i] === 0)) throw new WritesRefused(counts);
        return counts;
      },
      commit,
    );
    return { counts, refused: false };
  } catch (error) {
    if (error instanceof WritesRefused) return { counts: error.counts, refused: true };
    throw error;
  }
}

class WritesRefused extends Error {
  constructor(readonly counts: number[]) {
    super("a required write changed nothing");
  }
}

// ─── SQLite ──────────────────────────────────────────────────────────────────

const sqliteValue = (v: TSqlValue) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v);

async function sqliteTransaction<T>(driver: Extract<TDriver, { kind: "sqlite" }>, fn: (tx: TSqlTx) => Promise<T>, commit: TCommit): Promise<T> {
  // Without a log to flush (not in WAL mode), the commit waits for the disk itself.
  if (commit.flushedOffTheEventLoop && driver.log) {
    const result = await sqliteTurn(driver, fn, true);
    await driver.log.flush();
    return result;
  }
  return sqliteTurn(driver, fn, Boolean(commit.flushedByNextCommit));
}

/** One transaction in a turn of the connection; `lazy`: its commit does not wait for the disk (NORMAL). */
async function sqliteTurn<T>(driver: Extract<TDriver, { kind: "sqlite" }>, fn: (tx: TSqlTx) => Promise<T>, lazy: boolean): Promise<T> {
  const endTurn = await driver.takeTurn();
  let open = true;
  const exec = <R>(sql: string, work: (s: BetterSqlite3.Statement<unknown[]>) => R): R => {
    if (!open) throw new Error("hot SQLite transaction used after it ended (it awaited something other than its own statements)");
    countStatement();
    return work(driver.compile(sql));
  };
  const tx: TSqlTx = {
    kind: "sqlite",
    run: async (sql, values = []) => exec(sql, (s) => s.run(...values.map(sqliteValue)).changes),
    rows: async <R>(sql: string, values: TSqlValue[] = []) => exec(sql, (s) => s.raw(false).all(...values.map(sqliteValue)) as R[]),
    runAll: async (writes) => writes.map(({ sql, values }) => exec(sql, (s) => s.run(...values.map(sqliteValue)).changes)),
  };
  // A hot transaction that awaited anything but its statements would let other work run inside it.
  const guard = setImmediate(() => {
    if (open) console.error("[db] a hot SQLite transaction is still open after a turn of the event loop");
  });
  try {
    // Outside the transaction (SQLite refuses it inside), within this turn: no other transaction runs
    // with it. Otherwise the connection runs FULL (lib/db/client.ts): each commit waits for the disk.
    if (lazy) exec("PRAGMA synchronous = NORMAL", (s) => s.run());
    exec("BEGIN IMMEDIATE", (s) => s.run());
    try {
      const result = await fn(tx);
      exec("COMMIT", (s) => s.run());
      return result;
    } catch (error) {
      try {
        driver.compile("ROLLBACK").run();
      } catch {}
      throw error;
    }
  } finally {
    try {
      if (lazy) exec("PRAGMA synchronous = FULL", (s) => s.run());
    } catch (error) {
      // Only if the transaction could not be ended: the turn is still given back, and this is loud.
      console.error("[db] could not set synchronous = FULL again after a commit that did not wait for the disk", error);
    } finally {
      open = false;
      clearImmediate(guard);
      endTurn();
    }
  }
}

// ─── PostgreSQL ──────────────────────────────────────────────────────────────

const pad = (n: number, z = 2) => String(n).padStart(z, "0");
/** As adapter-pg writes a DateTime into TIMESTAMP(3): UTC wall time with milliseconds. */
const pgDate = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
const pgValue = (v: TSqlValue) => (v instanceof Date ? pgDate(v) : v);

type TPgStatement = { text: string; name?: string };
/** Per process, not per bundle: Next gives each bundle its own copy of this module, and they share the pool. */
const pgStatements = processSingleton("pg-hot-statements", () => ({ named: new Map<string, TPgStatement>(), unnamed: new Map<string, TPgStatement>() }));
const NAMED_STATEMENTS = 200;
const NAMED_MAX_PARAMETERS = 400;

/**
 * `?` placeholders as `$1, $2, …` (the SQL here has no `?` inside string literals), and a name: each
 * connection parses and plans a named statement once, then only binds and executes it (unnamed, the
 * server parsed and planned every statement of every stamp again). The name is the text's hash, so no
 * name ever stands for two texts (a connection that prepared it would refuse the other). Named: the first
 * NAMED_STATEMENTS texts of up to NAMED_MAX_PARAMETERS parameters (not a verification record's insert of
 * hundreds of rows, kept by every connection); the others are sent unnamed, their conversion cached.
 */
function pgStatement(sql: string): TPgStatement {
  const { named, unnamed } = pgStatements;
  let statement = named.get(sql) ?? unnamed.get(sql);
  if (!statement) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    if (n <= NAMED_MAX_PARAMETERS && named.size < NAMED_STATEMENTS) {
      statement = { text, name: `portal_${createHash("sha256").update(text).digest("hex").slice(0, 32)}` };
      named.set(sql, statement);
    } else {
      statement = { text };
      if (unnamed.size >= 500) unnamed.clear();
      unnamed.set(sql, statement);
    }
  }
  return statement;
}

/** The writes as WITH queries, each returning a row per row it changed, and their counts as columns "c0", "c1", …. */
function writeQueries(writes: TSqlStatement[]): { queries: string; counts: string } {
  return {
    queries: writes.map((s, i) => `"s${i}" AS (${s.sql} RETURNING 1)`).join(", "),
    counts: writes.map((_, i) => `(SELECT count(*) FROM "s${i}")::int AS "c${i}"`).join(", "),
  };
}

/** Writes as one PostgreSQL statement: each a WITH query returning a row per row it changed, then the counts. */
function combined(writes: TSqlStatement[]): string {
  const { queries, counts } = writeQueries(writes);
  return `WITH ${queries} SELECT ${counts}`;
}

/** The marker of a refusal's error text: `invalid input syntax for type boolean: "portal: writes refused 1,0,1"`. */
const REFUSED = "portal: writes refused ";

/**
 * `combined`, then the requirement: the counts' row is kept only if each required write changed a row;
 * otherwise its text, which no boolean reads, is cast to one. The cast depends on the counts, so the
 * planner cannot fold it into an error before the writes run (as it would a constant).
 */
function combinedWithRequirement(writes: TSqlStatement[], required: number[]): string {
  const { queries, counts } = writeQueries(writes);
  const met = required.map((i) => `"c${i}" > 0`).join(" AND ") || "true";
  const all = writes.map((_, i) => `"c${i}"`).join(", ");
  return `WITH ${queries}, "n" AS (SELECT ${counts}) SELECT ${all} FROM "n" WHERE CASE WHEN ${met} THEN true ELSE ('${REFUSED}' || concat_ws(',', ${all}))::boolean END`;
}

async function postgresWritesTogether(driver: Extract<TDriver, { kind: "postgresql" }>, writes: TSqlStatement[], required: number[]): Promise<TWritesOutcome> {
  countStatement();
  const connection = await driver.pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await connection.query({ ...pgStatement(combinedWithRequirement(writes, required)), values: writes.flatMap((w) => w.values).map(pgValue) });
    return { counts: writes.map((_, i) => Number((rows[0] as Record<string, unknown>)[`c${i}`])), refused: false };
  } catch (error) {
    // An error the server answered (a refusal, a unique key) rolled the statement back and left the
    // connection idle: it goes back to the pool (pool.query would close it, and with it every statement
    // the connection had prepared, Prisma's too). Anything else (the socket, the protocol) closes it.
    if ((error as { severity?: unknown }).severity !== "ERROR") broken = error as Error;
    const counts = refusalCounts(error, writes.length, required);
    if (!counts) throw error;
    return { counts, refused: true };
  } finally {
    connection.release(broken);
  }
}

/** The counts a refusal's error carries; null when the error is not exactly that refusal. */
function refusalCounts(error: unknown, writeCount: number, required: number[]): number[] | null {
  // The cast that refuses is to boolean (the server's routine boolin, when it says which).
  const { code, message, routine } = error as { code?: unknown; message?: unknown; routine?: unknown };
  if (code !== "22P02" || typeof message !== "string" || (routine !== undefined && routine !== "boolin")) return null;
  const at = message.indexOf(REFUSED);
  if (at < 0) return null;
  const counts = /^[\d,]*/.exec(message.slice(at + REFUSED.length))![0].split(",").map(Number);
  const whole = counts.length === writeCount && counts.every(Number.isInteger) && required.some((i) => counts[i] === 0);
  return whole ? counts : null;
}

async function postgresTransaction<T>(driver: Extract<TDriver, { kind: "postgresql" }>, fn: (tx: TSqlTx) => Promise<T>, commit: TCommit): Promise<T> {
  const connection = await driver.pool.connect();
  const query = (sql: string, values: TSqlValue[] = []) => {
    countStatement();
    // Without parameters: the simple protocol, one message (BEGIN, COMMIT).
    if (values.length === 0) return connection.query(sql);
    return connection.query({ ...pgStatement(sql), values: values.map(pgValue) });
  };
  const tx: TSqlTx = {
    kind: "postgresql",
    run: async (sql, values) => (await query(sql, values)).rowCount ?? 0,
    rows: async <R>(sql: string, values?: TSqlValue[]) => (await query(sql, values)).rows as R[],
    runAll: async (writes) => {
      if (writes.length <= 1) return Promise.all(writes.map((w) => tx.run(w.sql, w.values)));
      const { rows } = await query(combined(writes), writes.flatMap((w) => w.values));
      return writes.map((_, i) => Number((rows[0] as Record<string, unknown>)[`c${i}`]));
    },
  };
  let broken: Error | undefined;
  try {
    // One round trip either way: without parameters, both statements go in one simple query. If it fails,
    // the connection may be left in a transaction: it is closed, not given back to the pool.
    if (commit.flushedByNextCommit) countStatement();
    await query(commit.flushedByNextCommit ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN").catch((error: Error) => {
      broken = error;
      throw error;
    });
    try {
      const result = await fn(tx);
      await query("COMMIT");
      return result;
    } catch (error) {
      await connection.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } finally {
    connection.release(broken);
  }
}

// ─── Ids ─────────────────────────────────────────────────────────────────────

let counter = Math.floor(Math.random() * 36 ** 4);
/** A new row id in the shape of Prisma's cuid(): "c", time, a counter and randomness (25 characters). */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const random = randomBytes(10).readBigUInt64BE().toString(36).padStart(12, "0").slice(-12);
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${random}`;
}
