/**
 * Audited writes per second on PostgreSQL with 64 concurrent writers, each a transaction with one
 * audit entry, as every stamp, order and sign-in writes: before (the global advisory lock and the shared
 * head row that lib/audit/append-audit.ts took until issue 13) and after (insert-only; the sequencer
 * links entries in batches, running alongside as on a node holding its lease). Prints JSON
 * { before, after } last (bench/cluster.ts reads it). BENCH_AUDIT_N writes per variant (default 3000).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";

const N = Number(process.env.BENCH_AUDIT_N ?? 3000);
const WRITERS = 64;
// 64 writers share the pool's 10 connections: a writer may wait its turn for long, in both variants alike.
const WAIT = { maxWait: 120_000, timeout: 120_000 };
const name = `bench_audit_${Date.now()}_${randomBytes(3).toString("hex")}`;
const url = postgresDatabaseUrl(name);
Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-audit-")) });
await postgresAdmin(`CREATE DATABASE "${name}"`);
try {
  const { applyMigrations } = await import("@/lib/db/apply-migrations");
  await applyMigrations(url);
  const { db } = await import("@/lib/db/client");
  const { appendAudit } = await import("@/lib/audit/append-audit");
  const { sequenceAuditEntries } = await import("@/lib/audit/sequence-audit");
  const { verifyAuditChain } = await import("@/lib/audit/verify-audit-chain");
  const { GENESIS_HASH, hashAuditEntry } = await import("@/lib/audit/audit-hash");
  const actor = { id: null, label: "bench" };

  // The way every audited write went before: lock, read the head, hash, insert, move the head row.
  const appendWithGlobalLock = (i: number) =>
    db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7272002)");
      const head = await tx.keyValue.findUnique({ where: { key: "bench.audit.head" } });
      const prevHash = head?.value.split(":")[1] ?? GENESIS_HASH;
      const content = { at: new Date(), actorId: null, actorLabel: "bench", action: "bench.before", targetType: null, targetId: null, data: JSON.stringify({ i }) };
      const hash = hashAuditEntry(prevHash, content);
      await tx.$executeRawUnsafe(`INSERT INTO bench_audit_before (hash, prev_hash, payload) VALUES ($1, $2, $3)`, hash, prevHash, content.data);
      await tx.keyValue.upsert({ where: { key: "bench.audit.head" }, create: { key: "bench.audit.head", value: `${i}:${hash}` }, update: { value: `${i}:${hash}` } });
    }, WAIT);
  const appendNow = (i: number) => db().$transaction((tx) => appendAudit(tx, { actor, action: "bench.after", data: { i } }), WAIT);

  await db().$executeRawUnsafe(`CREATE TABLE bench_audit_before (hash TEXT PRIMARY KEY, prev_hash TEXT NOT NULL, payload TEXT NOT NULL)`);
  const run = async (write: (i: number) => Promise<unknown>) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, async () => {
      while (next < N) await write(next++);
    }));
    return N / ((performance.now() - started) / 1000);
  };
  const before = await run(appendWithGlobalLock);
  let sequencing = true;
  const sequencer = (async () => {
    while (sequencing) {
      await sequenceAuditEntries();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  const after = await run(appendNow);
  sequencing = false;
  await sequencer;
  const report = await verifyAuditChain();
  if (!report.intact || report.entries !== N) throw new Error(`the chain is not whole after the run: ${JSON.stringify(report)}`);
  await db().$disconnect();
  console.error(`audited writes, ${WRITERS} writers: before ${before.toFixed(0)}/s, after ${after.toFixed(0)}/s (chain of ${report.entries} intact)`);
  console.log(JSON.stringify({ before, after }));
} finally {
  await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
