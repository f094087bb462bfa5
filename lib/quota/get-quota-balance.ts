import "server-only";
import { db, type TTx } from "@/lib/db/client";
import { sumsFromKinds } from "./ledger";

import type { TQuotaBalance } from "./quota-balance";

export type { TQuotaBalance } from "./quota-balance";

/** The balance, derived from the ledger entries (one grouped sum over the user's rows). */
export async function getQuotaBalance(userId: string, tx?: TTx): Promise<TQuotaBalance> {
  const sums = await getLedgerSums(userId, tx);
  return { available: sums.available, reserved: sums.reserved };
}

/** All columns: available, reserved, consumed, refundHeld, refunded. */
export async function getLedgerSums(userId: string, tx?: TTx) {
  const rows = await (tx ?? db()).quotaEntry.groupBy({ by: ["kind"], where: { userId }, _sum: { units: true } });
  return sumsFromKinds(Object.fromEntries(rows.map((r) => [r.kind, r._sum.units ?? 0])));
}
