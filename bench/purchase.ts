/**
 * Purchase throughput: orders created and paid per second (createOrder + the webhook's use case with a
 * signed notification), and quota reservations per second, on SQLite and PostgreSQL, with 1, 8 and 64
 * concurrent clients (in-flight promises, in-process calls). Reference measured in the same run: the
 * same number of bare single-row INSERTs into a plain table through the same Prisma client.
 * Run: node --conditions=react-server --import tsx bench/purchase.ts   (BENCH_N scales the work)
 */
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";

const CONCURRENCY = [1, 8, 64];
const N_ORDERS = Number(process.env.BENCH_N ?? 240);
const N_RESERVE = N_ORDERS * 3;

type TRow = { database: string; clients: number; orders: number; reservations: number; insertsForOrders: number; insertsForReservations: number; consistent: boolean };

async function pool(total: number, clients: number, work: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await work(next++);
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

/** One database, in a process of its own (the configuration, and so the database kind, is fixed per process). */
async function child(kind: "sqlite" | "postgresql") {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-purchase-"));
  const name = `bench_purchase_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const url = kind === "postgresql" ? postgresDatabaseUrl(name) : `file:${path.join(dataDir, "bench.db")}`;
  Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: dataDir, PAYMENT_PROVIDER: "simulator", ORDER_MAX_QUANTITY: "100000", RECONCILE_INTERVAL_SECONDS: "0" });
  if (kind === "postgresql") await postgresAdmin(`CREATE DATABASE "${name}"`);
  try {
    const { applyMigrations } = await import("@/lib/db/apply-migrations");
    await applyMigrations(url);
    const { db } = await import("@/lib/db/client");
    const { createUser } = await import("@/lib/users/create-user");
    const { createOrder } = await import("@/lib/orders/create-order");
    const { applyPaymentNotification } = await import("@/lib/orders/apply-payment-notification");
    const { buildSimulatorNotification } = await import("@/lib/payments/simulator/simulate-payment");
    const { reserveQuota, checkQuotaConsistency } = await import("@/lib/quota");
    await db().$executeRawUnsafe(`CREATE TABLE bench_row (id TEXT PRIMARY KEY, payload TEXT NOT NULL)`);

    const users = await Promise.all(
      Array.from({ length: 64 }, (_, i) => createUser({ email: `bench-${i}-${randomBytes(3).toString("hex")}@bench.local`, password: "bench password 1", role: "APPLICANT", actor: { id: null, label: "bench" } })),
    );
    const buyAndPay = async (user: { id: string; email: string }, quantity: number) => {
      const { order } = await createOrder({ userId: user.id, actor: { id: user.id, label: user.email }, quantity, idempotencyKey: `bench-${randomUUID()}` });
      const body = await buildSimulatorNotification({ orderId: order.id, amount: order.amount, transactionId: randomUUID(), transactionStatus: "settlement" });
      const result = await applyPaymentNotification({ provider: "simulator", rawBody: JSON.stringify(body) });
      if (result.outcome !== "CREDITED") throw new Error(`unexpected outcome ${result.outcome}`);
    };
    const insertSql = kind === "sqlite" ? "INSERT INTO bench_row (id, payload) VALUES (?, ?)" : "INSERT INTO bench_row (id, payload) VALUES ($1, $2)";
    const insert = () => db().$executeRawUnsafe(insertSql, randomUUID(), "x".repeat(64));

    // Each client's user gets enough quota for its share of reservations at every concurrency level.
    for (const user of users) await buyAndPay(user, N_RESERVE);
    await pool(20, 4, () => insert()); // warm-up

    const rows: TRow[] = [];
    for (const clients of CONCURRENCY) {
      const orders = await pool(N_ORDERS, clients, (i) => buyAndPay(users[i % clients]!, 1));
      const insertsForOrders = await pool(N_ORDERS, clients, () => insert());
      const reservations = await pool(N_RESERVE, clients, (i) => reserveQuota({ userId: users[i % clients]!.id, affixJobId: `bench-${randomUUID()}`, units: 1 }));
      const insertsForReservations = await pool(N_RESERVE, clients, () => insert());
      rows.push({ database: kind, clients, orders, reservations, insertsForOrders, insertsForReservations, consistent: (await checkQuotaConsistency()).ok });
    }
    await db().$disconnect();
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(rows)}\n`);
  } finally {
    if (kind === "postgresql") await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const rows: TRow[] = [];
  for (const kind of ["sqlite", "postgresql"] as const) {
    const started = Date.now();
    const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", new URL(import.meta.url).pathname], {
      env: { ...process.env, BENCH_CHILD: kind },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 170_000,
    });
    const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
    if (!line) throw new Error(`${kind}: no result`);
    rows.push(...(JSON.parse(line.slice("BENCH_RESULT ".length)) as TRow[]));
    console.error(`${kind} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const f = (n: number) => n.toFixed(0);
  // How many bare inserts fit in the time of one of our operations (lower is better).
  const r = (ours: number, reference: number) => `${(reference / ours).toFixed(1)}`;
  console.log(`\nPurchase benchmark: ${N_ORDERS} orders (create + signed settlement → credited) and ${N_RESERVE} reservations per row; reference = the same number of bare single-row INSERTs through the same client, same concurrency. "cost" = bare inserts per operation (reference rate ÷ our rate).\n`);
  console.log("| database | clients | orders created+paid /s | bare inserts /s | cost | reservations /s | bare inserts /s | cost | ledger consistent |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const row of rows) {
    console.log(`| ${row.database} | ${row.clients} | ${f(row.orders)} | ${f(row.insertsForOrders)} | ${r(row.orders, row.insertsForOrders)} | ${f(row.reservations)} | ${f(row.insertsForReservations)} | ${r(row.reservations, row.insertsForReservations)} | ${row.consistent ? "yes" : "NO"} |`);
  }
}

const kind = process.env.BENCH_CHILD;
if (kind === "sqlite" || kind === "postgresql") await child(kind);
else await main();
