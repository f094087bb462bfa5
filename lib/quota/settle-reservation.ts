import "server-only";
import type { TTx } from "@/lib/db";
import { applyMovement, lockEntry } from "./ledger";
import { quotaErrors } from "./quota-errors";
import { isUniqueViolation, runTransaction } from "./run-transaction";

export type TSettleResult = { affixJobId: string; units: number; replayed: boolean };

/** Ends a reservation one way (CONSUME on success, RELEASE on failure), once. Shared by consume and release. */
export async function settleReservation(input: { affixJobId: string; kind: "CONSUME" | "RELEASE"; note?: string; tx?: TTx }): Promise<TSettleResult> {
  const work = async (tx: TTx): Promise<TSettleResult> => {
    const reserve = await tx.quotaEntry.findUnique({
      where: { kind_affixJobId: { kind: "RESERVE", affixJobId: input.affixJobId } },
      select: { id: true, userId: true, units: true },
    });
    if (!reserve) throw quotaErrors.noReservation(input.affixJobId);
    await lockEntry(tx, reserve.id);
    const settled = await tx.quotaEntry.findFirst({
      where: { affixJobId: input.affixJobId, kind: { in: ["CONSUME", "RELEASE"] } },
      select: { kind: true },
    });
    if (settled?.kind === input.kind) return { affixJobId: input.affixJobId, units: reserve.units, replayed: true };
    if (settled) throw quotaErrors.alreadySettled(input.affixJobId, settled.kind);
    await applyMovement(tx, { userId: reserve.userId, kind: input.kind, units: reserve.units, affixJobId: input.affixJobId, note: input.note });
    return { affixJobId: input.affixJobId, units: reserve.units, replayed: false };
  };
  try {
    return await runTransaction(work, input.tx);
  } catch (error) {
    if (!input.tx && isUniqueViolation(error)) return runTransaction(work);
    throw error;
  }
}
