import "server-only";
import type { TTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { applyMovement, lockEntry } from "./ledger";
import { quotaErrors } from "./quota-errors";
import { runTransaction } from "@/lib/db/run-transaction";

export type TSettleResult = { affixJobId: string; units: number; replayed: boolean };

/** Ends a reservation one way (CONSUME on success, RELEASE on failure), once. Shared by consume and release. */
export async function settleReservation(input: { affixJobId: string; kind: "CONSUME" | "RELEASE"; note?: string; tx?: TTx }): Promise<TSettleResult> {
  const work = async (tx: TTx): Promise<TSettleResult> => {
    const { reserve, settled } = await readReservation(tx, input.affixJobId);
    if (!reserve) throw quotaErrors.noReservation(input.affixJobId);
    if (settled?.kind === input.kind) return { affixJobId: input.affixJobId, units: reserve.units, replayed: true };
    if (settled) throw quotaErrors.alreadySettled(input.affixJobId, settled.kind);
    await applyMovement(tx, { userId: reserve.userId, kind: input.kind, units: reserve.units, affixJobId: input.affixJobId, note: input.note });
    return { affixJobId: input.affixJobId, units: reserve.units, replayed: false };
  };
  // The same job settled twice at once: the unique (kind, affixJobId) let one in; the other reads it.
  return runTransaction(work, input.tx, { retryOnUniqueViolation: true });
}

/**
 * The job's reservation and how it was settled, if it was. PostgreSQL: the reservation's row is locked
 * before the settlement is looked for, so two settlements of one reservation run one after the other.
 * SQLite runs one writing transaction at a time, and a snapshot that went stale fails to write
 * (SQLITE_BUSY, retried): there one query reads both.
 */
async function readReservation(tx: TTx, affixJobId: string): Promise<{ reserve: { id: string; userId: string; units: number } | null; settled: { kind: string } | null }> {
  if (env().databaseKind === "sqlite") {
    const entries = await tx.quotaEntry.findMany({ where: { affixJobId, kind: { in: ["RESERVE", "CONSUME", "RELEASE"] } }, select: { id: true, userId: true, units: true, kind: true } });
    return { reserve: entries.find((e) => e.kind === "RESERVE") ?? null, settled: entries.find((e) => e.kind !== "RESERVE") ?? null };
  }
  const reserve = await tx.quotaEntry.findUnique({ where: { kind_affixJobId: { kind: "RESERVE", affixJobId } }, select: { id: true, userId: true, units: true } });
  if (!reserve) return { reserve: null, settled: null };
  await lockEntry(tx, reserve.id);
  const settled = await tx.quotaEntry.findFirst({ where: { affixJobId, kind: { in: ["CONSUME", "RELEASE"] } }, select: { kind: true } });
  return { reserve, settled };
}
