import "server-only";
import { db } from "@/lib/db/client";
import { ACCOUNT_COLUMNS, sumsFromKinds, type TSums } from "./ledger";

export type TConsistencyReport = {
  ok: boolean;
  accountsChecked: number;
  mismatches: { userId: string; ledger: TSums; account: TSums | null }[];
  negative: { userId: string; column: string; value: number }[];
};

/**
 * Recomputes every user's sums from the ledger and compares them with QuotaAccount. Used by the tests
 * and by the operator's reconcile command: any mismatch or negative column is a bug to investigate.
 */
export async function checkQuotaConsistency(input: { userId?: string } = {}): Promise<TConsistencyReport> {
  const where = input.userId ? { userId: input.userId } : {};
  const [groups, accounts] = await Promise.all([
    db().quotaEntry.groupBy({ by: ["userId", "kind"], where, _sum: { units: true } }),
    db().quotaAccount.findMany({ where, select: { userId: true, available: true, reserved: true, consumed: true, refundHeld: true, refunded: true } }),
  ]);
  const totalsByUser = new Map<string, Record<string, number>>();
  for (const g of groups) {
    const totals = totalsByUser.get(g.userId) ?? {};
    totals[g.kind] = g._sum.units ?? 0;
    totalsByUser.set(g.userId, totals);
  }
  const accountByUser = new Map(accounts.map((a) => [a.userId, a]));
  const users = new Set([...totalsByUser.keys(), ...accountByUser.keys()]);
  const report: TConsistencyReport = { ok: true, accountsChecked: users.size, mismatches: [], negative: [] };
  for (const userId of users) {
    const ledger = sumsFromKinds(totalsByUser.get(userId) ?? {});
    const row = accountByUser.get(userId);
    const account = row ? { available: row.available, reserved: row.reserved, consumed: row.consumed, refundHeld: row.refundHeld, refunded: row.refunded } : null;
    const same = ACCOUNT_COLUMNS.every((c) => (account?.[c] ?? 0) === ledger[c]);
    if (!same) report.mismatches.push({ userId, ledger, account });
    for (const c of ACCOUNT_COLUMNS) {
      if (ledger[c] < 0) report.negative.push({ userId, column: `ledger.${c}`, value: ledger[c] });
      if (account && account[c] < 0) report.negative.push({ userId, column: `account.${c}`, value: account[c] });
    }
  }
  report.ok = report.mismatches.length === 0 && report.negative.length === 0;
  return report;
}
