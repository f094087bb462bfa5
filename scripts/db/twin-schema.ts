// The PostgreSQL schema is derived from prisma/schema.prisma (the source of truth): same models,
// provider and client output swapped. A generated client only accepts adapters of its own provider.
import { readFileSync } from "node:fs";

export function readSchemas(): { sqlite: string; postgres: string } {
  const sqlite = readFileSync("prisma/schema.prisma", "utf8");
  const postgres = sqlite
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/generated\/sqlite"/, 'output   = "../../generated/postgres"')
    .replace(/^\/\/ The single source of truth[^\n]*\n(\/\/[^\n]*\n)*/, "// GENERATED from prisma/schema.prisma by scripts/db/twin-schema.mjs: edit that file instead.\n");
  if (postgres === sqlite || !postgres.includes('"postgresql"') || !postgres.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma: could not derive the PostgreSQL twin (provider or output line changed?)");
  }
  return { sqlite, postgres };
}
