// Gives an integration test file its own fresh database: a temporary SQLite file, or a new PostgreSQL
// database on 127.0.0.1:5432 that is dropped afterwards. TEST_DB chooses (sqlite | postgresql); the
// test command runs the integration suite once for each.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { postgresAdmin, postgresDatabaseUrl } from "./postgres-admin";
import { applyMigrations } from "@/lib/db/apply-migrations";

export const TEST_DB = (process.env.TEST_DB ?? "sqlite") as "sqlite" | "postgresql";

export type TTestDatabase = { url: string; kind: "sqlite" | "postgresql"; dataDir: string };

/**
 * Call at the top of a test file. Before any test runs it creates the database, applies the committed
 * migrations and points this process (DATABASE_URL, DATA_DIR) at it; after the tests it drops it.
 */
export function useTestDatabase(): TTestDatabase {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "emeterai-test-"));
  const name = `emeterai_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const url = TEST_DB === "postgresql" ? postgresDatabaseUrl(name) : `file:${path.join(dataDir, "test.db")}`;
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  process.env.RATE_LIMIT_DISABLED ??= "0";
  // On PostgreSQL the signing identity is the cluster's, kept in the database under this passphrase.
  process.env.SIGNING_KEY_PASSPHRASE ??= "test-signing-passphrase";

  before(async () => {
    if (TEST_DB === "postgresql") await postgresAdmin(`CREATE DATABASE "${name}"`);
    await applyMigrations(url);
  });

  after(async () => {
    const { db } = await import("@/lib/db/client");
    await db().$disconnect();
    if (TEST_DB === "postgresql") await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  return { url, kind: TEST_DB, dataDir };
}
