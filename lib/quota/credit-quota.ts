import "server-only";
import type { TTx } from "@/lib/db/client";
import { applyMovement } from "./ledger";

/**
 * Adds a paid order's units to available. Meant to run inside the transaction that marks the order
 * CREDITED; the unique (kind, orderId) makes a second credit of the same order impossible.
 * Returns false when the order was already credited.
 */
export async function creditQuota(tx: TTx, input: { userId: string; orderId: string; units: number }): Promise<boolean> {
  const existing = await tx.quotaEntry.findUnique({ where: { kind_orderId: { kind: "CREDIT", orderId: input.orderId } }, select: { id: true } });
  if (existing) return false;
  await applyMovement(tx, { userId: input.userId, kind: "CREDIT", units: input.units, orderId: input.orderId });
  return true;
}
