// Which database a benchmark's portal server runs on: SQLite (its data folder) by default, or, with
// `--postgres` (or BENCH_DB=postgresql), a throw-away PostgreSQL database made for the run and dropped
// after it (test/helpers/postgres-admin.ts's maintenance connection, TEST_POSTGRES_URL to move it).
import { randomUUID } from "node:crypto";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";

export type TBenchDatabase = { kind: "sqlite" | "postgresql"; env: Record<string, string>; drop(): Promise<void> };

export async function benchDatabase(): Promise<TBenchDatabase> {
  const wanted = process.argv.includes("--postgres") || /^postgres/i.test(process.env.BENCH_DB ?? "");
  if (!wanted) return { kind: "sqlite", env: {}, drop: async () => {} };
  const name = `bench_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await postgresAdmin(`CREATE DATABASE "${name}"`);
  return {
    kind: "postgresql",
    env: { DATABASE_URL: postgresDatabaseUrl(name) },
    drop: () => postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
