// Applies the committed migration.sql files in order and records each in `_prisma_migrations`, the
// table `prisma migrate deploy` keeps, so a database set up here stays compatible with the real CLI
// wherever its native engine is available. Used by `npm run db:migrate`, the demo and the tests.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

type Migration = { name: string; sql: string; checksum: string };

// Run from the project root (npm scripts, server.mjs); bundled server code has no stable file URL.
const ROOT = process.cwd();

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function readMigrations(provider: "sqlite" | "postgresql"): Migration[] {
  const dir = path.join(/*turbopackIgnore: true*/ ROOT, provider === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Returns the names of the migrations it applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return databaseUrl.startsWith("postgres") ? applyPostgres(databaseUrl) : applySqlite(databaseUrl);
}

function applySqlite(url: string): string[] {
  const file = url.replace(/^file:/, "");
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(CREATE_TABLE.replace(/TIMESTAMPTZ/g, "DATETIME").replace("DEFAULT now()", "DEFAULT CURRENT_TIMESTAMP"));
    const done = appliedNames(db.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as Row[]);
    const applied: string[] = [];
    for (const m of readMigrations("sqlite")) {
      if (checkApplied(done, m)) continue;
      // One transaction per migration: a failure leaves the database as it was before that migration.
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES (?, ?, ?, ?, 1, ?)`)
          .run(randomUUID(), m.checksum, new Date().toISOString(), m.name, new Date().toISOString());
      })();
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

async function applyPostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Two processes starting at once (two servers, a test and the demo) must not both migrate.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<Row>(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const done = appliedNames(rows);
    const applied: string[] = [];
    for (const m of readMigrations("postgresql")) {
      if (checkApplied(done, m)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => {});
    await client.end();
  }
}

type Row = { migration_name: string; checksum: string };

function appliedNames(rows: Row[]) {
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

function checkApplied(done: Map<string, string>, m: Migration): boolean {
  const checksum = done.get(m.name);
  if (checksum === undefined) return false;
  // A landed migration is never edited: a changed file means the history no longer describes the database.
  if (checksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (checksum differs)`);
  return true;
}

export function sqliteFileExists(url: string) {
  return existsSync(url.replace(/^file:/, ""));
}
