import "server-only";
import { appendAudit, appendAuditSql, type TAuditActor } from "@/lib/audit/append-audit";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { newId, sqlTransaction, type TSqlTx, type TSqlValue } from "@/lib/db/driver";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { commonErrors } from "@/lib/errors";
import { VERDICTS, type TReason, type TVerdict } from "./verdicts";
import type { TFileResult, TStampResult } from "./file-result";
import { verifyDocuments } from "./verify-documents";
import type { TVerifyEntry } from "./zip-types";

/**
 * A verifier's batches: each upload (page or API) is recorded with who ran it, when, and every
 * file's verdict, and its start and end go into the audit log. A verifier only ever sees their own.
 */

export type TBatchSource = "UPLOAD" | "ZIP" | "API";
const CHUNK = 16;

/** How many files got each verdict. */
export type TVerdictCounts = Partial<Record<TVerdict, number>>;

function summarize(results: { verdict: TVerdict }[], into: TVerdictCounts = {}): TVerdictCounts {
  for (const r of results) into[r.verdict] = (into[r.verdict] ?? 0) + 1;
  return into;
}

/** Result rows per INSERT: 9 values each, well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

/**
 * A batch's result rows, as plain SQL (lib/db/driver.ts): written for every API call and every chunk of a
 * background batch, where Prisma's createMany of fifty rows cost more CPU than writing them.
 */
async function insertResults(tx: TSqlTx, batchId: string, results: TFileResult[], now: Date) {
  for (let at = 0; at < results.length; at += ROWS_PER_INSERT) {
    const slice = results.slice(at, at + ROWS_PER_INSERT);
    const values: TSqlValue[] = slice.flatMap((r) => [
      newId(),
      batchId,
      r.file.slice(0, 300),
      r.sha256,
      r.sizeBytes,
      r.verdict,
      JSON.stringify({ ...r.reason, registryConsulted: r.registryConsulted }),
      JSON.stringify(r.stamps),
      now,
    ]);
    await tx.run(
      `INSERT INTO "VerificationResult" ("id", "batchId", "fileName", "sha256", "sizeBytes", "verdict", "reason", "stamps", "createdAt") VALUES ${slice.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      values,
    );
  }
}

/** Starts a batch and verifies it in the background; the page polls getVerificationBatch for progress. */
export async function startVerificationBatch({ userId, actor, source, entries }: { userId: string; actor: TAuditActor; source: TBatchSource; entries: TVerifyEntry[] }): Promise<{ batchId: string }> {
  const batch = await db().$transaction(async (tx) => {
    const created = await tx.verificationBatch.create({ data: { userId, source, fileCount: entries.length }, select: { id: true } });
    await appendAudit(tx, { actor, action: "verify.batch.start", targetType: "VerificationBatch", targetId: created.id, data: { source, fileCount: entries.length } });
    return created;
  });
  void runBatch(batch.id, actor, entries, `account:${userId}`);
  return { batchId: batch.id };
}

async function runBatch(batchId: string, actor: TAuditActor, entries: (TVerifyEntry | null)[], owner: string) {
  const summary: TVerdictCounts = {};
  try {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK) as TVerifyEntry[];
      const results = await verifyDocuments({ files: chunk, owner });
      for (let j = i; j < Math.min(entries.length, i + CHUNK); j++) entries[j] = null; // let the bytes go
      summarize(results, summary);
      await sqlTransaction(db(), async (tx) => {
        await insertResults(tx, batchId, results, new Date());
        await tx.run(`UPDATE "VerificationBatch" SET "doneCount" = "doneCount" + ? WHERE "id" = ?`, [results.length, batchId]);
      });
    }
    await db().$transaction(async (tx) => {
      await tx.verificationBatch.update({ where: { id: batchId }, data: { status: "DONE", summary: JSON.stringify(summary), finishedAt: new Date() }, select: { id: true } });
      await appendAudit(tx, { actor, action: "verify.batch.done", targetType: "VerificationBatch", targetId: batchId, data: { summary } });
    });
  } catch (error) {
    console.error(`[verify] batch ${batchId} failed`, error);
    await db()
      .verificationBatch.update({ where: { id: batchId }, data: { status: "FAILED", summary: JSON.stringify(summary), finishedAt: new Date() }, select: { id: true } })
      .catch(() => undefined);
  }
}

/** Verifies now and records the batch (the API's synchronous form). */
export async function verifyAndRecord({ userId, actor, entries }: { userId: string; actor: TAuditActor; entries: TVerifyEntry[] }): Promise<{ batchId: string; results: TFileResult[] }> {
  const results = await verifyDocuments({ files: entries, owner: `account:${userId}` });
  return { batchId: await recordApiBatch({ userId, actor, results }), results };
}

/** The batch, its results and its audit entry in one transaction, as plain SQL (lib/db/driver.ts): it runs for every API call. */
export async function recordApiBatch({ userId, actor, results }: { userId: string; actor: TAuditActor; results: TFileResult[] }): Promise<string> {
  const summary = summarize(results);
  const batchId = newId();
  const now = new Date();
  await sqlTransaction(db(), async (tx) => {
    await tx.run(
      `INSERT INTO "VerificationBatch" ("id", "userId", "source", "status", "fileCount", "doneCount", "summary", "createdAt", "finishedAt") VALUES (?, ?, 'API', 'DONE', ?, ?, ?, ?, ?)`,
      [batchId, userId, results.length, results.length, JSON.stringify(summary), now, now],
    );
    await insertResults(tx, batchId, results, now);
    await appendAuditSql(tx, { actor, action: "verify.batch.api", targetType: "VerificationBatch", targetId: batchId, data: { fileCount: results.length, summary } }, now);
  });
  return batchId;
}

export type TBatchView = {
  id: string;
  source: string;
  status: string;
  fileCount: number;
  doneCount: number;
  summary: TVerdictCounts;
  createdAt: string;
  finishedAt: string | null;
  results: TFileResult[];
};

// The JSON columns of a result row and of a batch, as resultRows and runBatch write them. The stamps are
// checked against TStampResult, so a new stamp verdict fails the typecheck here too.
const stampFields = { serial: z.string().nullable(), reason: z.string(), signedAt: z.string().nullable(), page: z.number().int().nullable() };
const ZStampResult: z.ZodType<TStampResult> = z.discriminatedUnion("verdict", [
  z.object({ ...stampFields, verdict: z.enum(["VALID", "RESAVED", "TAMPERED", "COPIED", "UNKNOWN_SERIAL"]) }),
  z.object({ ...stampFields, verdict: z.literal("REVOKED"), revokedAt: z.string().nullable(), revokedReason: z.string().nullable() }),
  z.object({ ...stampFields, verdict: z.literal("MODIFIED_AFTER_STAMP"), changedPages: z.array(z.number().int()) }),
]);
const ZStoredReason = z.object({ code: z.string(), detail: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(), registryConsulted: z.boolean().optional() });
const ZStoredStamps = z.array(ZStampResult);
const ZStoredSummary = z.record(z.string(), z.number());

function parseReason(raw: string): { reason: TReason; registryConsulted: boolean } {
  const parsed = readStoredJsonOr(ZStoredReason, raw, null);
  if (!parsed) return { reason: { code: "UNKNOWN", detail: raw }, registryConsulted: true };
  const { registryConsulted, ...reason } = parsed;
  return { reason, registryConsulted: registryConsulted !== false };
}

/** One of the user's own batches with its results, or NOT_FOUND (also for someone else's batch). */
export async function getVerificationBatch({ userId, batchId, withResults = true }: { userId: string; batchId: string; withResults?: boolean }): Promise<TBatchView> {
  const batch = await db().verificationBatch.findFirst({
    where: { id: batchId, userId },
    select: {
      id: true,
      source: true,
      status: true,
      fileCount: true,
      doneCount: true,
      summary: true,
      createdAt: true,
      finishedAt: true,
      results: withResults ? { select: { fileName: true, sha256: true, sizeBytes: true, verdict: true, reason: true, stamps: true }, orderBy: { fileName: "asc" } } : false,
    },
  });
  if (!batch) throw commonErrors.notFound();
  const rows = (batch as { results?: { fileName: string; sha256: string; sizeBytes: number; verdict: string; reason: string; stamps: string }[] }).results ?? [];
  return {
    id: batch.id,
    source: batch.source,
    status: batch.status,
    fileCount: batch.fileCount,
    doneCount: batch.doneCount,
    summary: readSummary(batch.summary),
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt?.toISOString() ?? null,
    results: rows.map((row) => ({
      file: row.fileName,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes,
      verdict: asVerdict(row.verdict) ?? "UNREADABLE",
      ...parseReason(row.reason),
      stamps: readStoredJsonOr(ZStoredStamps, row.stamps, []),
    })),
  };
}

export async function listVerificationBatches({ userId, take = 50 }: { userId: string; take?: number }) {
  const rows = await db().verificationBatch.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, source: true, status: true, fileCount: true, doneCount: true, summary: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, summary: readSummary(r.summary), createdAt: r.createdAt.toISOString() }));
}

const asVerdict = (value: string): TVerdict | undefined => VERDICTS.find((v) => v === value);

/** The stored summary, keeping only verdicts with a count (in the order stored). */
function readSummary(value: string): TVerdictCounts {
  const counts: TVerdictCounts = {};
  for (const [key, count] of Object.entries(readStoredJsonOr(ZStoredSummary, value, {}))) {
    const verdict = asVerdict(key);
    if (verdict) counts[verdict] = count;
  }
  return counts;
}
