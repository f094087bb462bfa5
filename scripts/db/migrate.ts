// npm run db:migrate: applies the committed migrations to DATABASE_URL (unset: the SQLite file in DATA_DIR).
import { loadEnv } from "@/lib/env";
import { applyMigrations } from "@/lib/db/apply-migrations";

const env = loadEnv();
const applied = await applyMigrations(env.databaseUrl);
console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
