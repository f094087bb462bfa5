// Prisma 7 reads the datasource from here, not from the schema. The CLI is only used for `generate`
// on these machines (see scripts/db/); migrations are applied by scripts/db/migrate.ts.
import { defineConfig } from "prisma/config";

const isPostgres = (process.env.DATABASE_URL ?? "").startsWith("postgres");

export default defineConfig({
  schema: isPostgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/portal.db" },
});
