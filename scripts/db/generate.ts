// Generates both Prisma clients (SQLite and PostgreSQL) into generated/ (gitignored).
// `prisma generate` does not run the schema engine, but the CLI insists on finding one: pointing it
// at /bin/false keeps it from trying to download the native binary (an install may reach only the npm registry).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { readSchemas } from "./twin-schema";

const { postgres } = readSchemas();
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync("prisma/postgres/schema.prisma", postgres);

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate", "--schema", schema], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
console.log("Prisma clients generated for SQLite and PostgreSQL.");
