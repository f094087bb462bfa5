import pg from "pg";

/** The maintenance connection used to create and drop throw-away databases (tests, benchmarks). */
export const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function postgresAdmin(sql: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the same server as the maintenance connection. */
export function postgresDatabaseUrl(name: string): string {
  return PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
}
