// Creates a new migration for BOTH databases from a change to prisma/schema.prisma:
//   npm run db:migration:create -- add_widget_table
// It diffs the schema as of the last migration (kept in prisma/migrations/schema-at-last-migration.prisma)
// against the current one, through Prisma's own schema engine (WebAssembly), so the SQL is exactly
// what `prisma migrate dev` would write, without needing a database or the native engine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { loadSchemaEngine } from "./schema-engine";
import { readSchemas } from "./twin-schema";

const SNAPSHOT = "prisma/migrations/schema-at-last-migration.prisma";
const TARGETS = [
  { provider: "sqlite", dir: "prisma/migrations" },
  { provider: "postgresql", dir: "prisma/postgres/migrations" },
] as const;

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error("Usage: npm run db:migration:create -- <name>   (lowercase letters, digits and _)");
  process.exit(2);
}

const current = readSchemas();
const previousSqlite = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, "utf8") : null;
const previous = previousSqlite ? { sqlite: previousSqlite, postgres: toPostgres(previousSqlite) } : null;
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const folder = `${stamp}_${name}`;

let wroteAny = false;
for (const target of TARGETS) {
  const key = target.provider === "sqlite" ? "sqlite" : "postgres";
  const to = current[key];
  const from = previous?.[key];
  // The engine needs an adapter of the schema's provider even for a pure schema-to-schema diff.
  // SQLite's can be in memory; PostgreSQL's asks the server its version, so it needs a reachable
  // server (MIGRATION_POSTGRES_URL, default the local one): no schema is read or written there.
  const adapter =
    target.provider === "sqlite"
      ? new PrismaBetterSqlite3({ url: ":memory:" })
      : new PrismaPg({ connectionString: process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
  const engine = await loadSchemaEngine(adapter, { path: "schema.prisma", content: to });
  const result = await engine.diff({
    from: from ? { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] } : { tag: "empty" },
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  } as never);
  const sql = (result.stdout ?? "").trim();
  if (!sql || sql === "-- This is an empty migration.") continue;
  const dir = path.join(target.dir, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
  writeFileSync(path.join(target.dir, "migration_lock.toml"), `provider = "${target.provider}"\n`);
  console.log(`wrote ${dir}/migration.sql`);
  wroteAny = true;
}
if (!wroteAny) {
  console.log("The schema has not changed since the last migration: nothing written.");
} else {
  writeFileSync(SNAPSHOT, current.sqlite);
}

process.exit(0);

function toPostgres(sqliteSchema: string): string {
  return sqliteSchema.replace(/provider = "sqlite"/, 'provider = "postgresql"');
}
