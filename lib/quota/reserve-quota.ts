import "server-only";
import type { TTx } from "@/lib/db/client";
import { applyMovement } from "./ledger";
import { runTransaction } from "@/lib/db/run-transaction";

export type TReserveResult = { affixJobId: string; units: number; replayed: boolean };

/**
 * Moves `units` from available to reserved for one affixing job. Idempotent per affixJobId: a second call
 * returns the first reservation. Throws QUOTA_EXHAUSTED (402) when the balance is short; inside a
 * caller's transaction that error rolls the caller's work back too.
 */
export async function reserveQuota(input: { userId: string; affixJobId: string; units: number; tx?: TTx }): Promise<TReserveResult> {
  const work = async (tx: TTx): Promise<TReserveResult> => {
    const existing = await tx.quotaEntry.findUnique({ where: { kind_affixJobId: { kind: "RESERVE", affixJobId: input.affixJobId } }, select: { units: true } });
    if (existing) return { affixJobId: input.affixJobId, units: existing.units, replayed: true };
    await applyMovement(tx, { userId: input.userId, kind: "RESERVE", units: input.units, affixJobId: input.affixJobId });
    return { affixJobId: input.affixJobId, units: input.units, replayed: false };
  };
  // The same job reserved twice at once: the unique (kind, affixJobId) let one in; the other reads it.
  return runTransaction(work, input.tx, { retryOnUniqueViolation: true });
}
