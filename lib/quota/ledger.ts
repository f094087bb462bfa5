import "server-only";
// The quota ledger's movements. Every movement is one QuotaEntry row plus the same change applied to the
// user's QuotaAccount, in one transaction; the account update is conditional on the column it takes
// from (`available >= n`, `reserved >= n`, …), so the balance cannot go negative even under concurrency:
// both databases execute a single conditional UPDATE atomically (PostgreSQL locks the row).
import { z } from "zod";
import type { TTx } from "@/lib/db/client";
import { newId, type TSqlStatement, type TSqlTx } from "@/lib/db/driver";
import { env } from "@/lib/env";
import { quotaErrors } from "./quota-errors";

export const ENTRY_KINDS = ["CREDIT", "RESERVE", "CONSUME", "RELEASE", "REFUND_HOLD", "REFUND_RETURN", "REFUND"] as const;
export const ZEntryKind = z.enum(ENTRY_KINDS);
export type TEntryKind = z.infer<typeof ZEntryKind>;

type TColumn = "available" | "reserved" | "consumed" | "refundHeld" | "refunded";
export const ACCOUNT_COLUMNS: readonly TColumn[] = ["available", "reserved", "consumed", "refundHeld", "refunded"];

/** Where each kind of entry moves units from and to. A CREDIT comes from outside (a paid order). */
export const MOVES: Record<TEntryKind, { from: TColumn | null; to: TColumn }> = {
  CREDIT: { from: null, to: "available" },
  RESERVE: { from: "available", to: "reserved" },
  CONSUME: { from: "reserved", to: "consumed" },
  RELEASE: { from: "reserved", to: "available" },
  REFUND_HOLD: { from: "available", to: "refundHeld" },
  REFUND_RETURN: { from: "refundHeld", to: "available" },
  REFUND: { from: "refundHeld", to: "refunded" },
};

export const ZUnits = z.number().int().positive().max(1_000_000);

export type TMovement = { userId: string; kind: TEntryKind; units: number; orderId?: string; affixJobId?: string; note?: string };

/** Writes one ledger entry and applies it to the account. Throws QUOTA_EXHAUSTED (the caller's transaction rolls back). */
export async function applyMovement(tx: TTx, m: TMovement): Promise<void> {
  if (!ZUnits.safeParse(m.units).success) throw quotaErrors.invalidUnits();
  const { from, to } = MOVES[m.kind];
  if (from === null) {
    await tx.quotaAccount.upsert({ where: { userId: m.userId }, create: { userId: m.userId, [to]: m.units }, update: { [to]: { increment: m.units } } });
  } else {
    const { count } = await tx.quotaAccount.updateMany({
      where: { userId: m.userId, [from]: { gte: m.units } },
      data: { [from]: { decrement: m.units }, [to]: { increment: m.units } },
    });
    if (count === 0) {
      const account = await tx.quotaAccount.findUnique({ where: { userId: m.userId }, select: { available: true, reserved: true, refundHeld: true } });
      throw quotaErrors.exhausted(m.units, account ? account[from as "available"] ?? 0 : 0);
    }
  }
  await tx.quotaEntry.create({
    data: { userId: m.userId, kind: m.kind, units: m.units, orderId: m.orderId ?? null, affixJobId: m.affixJobId ?? null, note: m.note?.slice(0, 200) ?? null },
    select: { id: true },
  });
}

/**
 * The same movement as applyMovement, as plain SQL for a hot transaction (lib/db/driver.ts): affixing's
 * RESERVE and CONSUME. Two writes, for `sqlWritesTogether` with the others: the conditional account
 * update, then the entry. The update is a required write (the entry is written whatever its count, and
 * must not stand without it); `refusedMovement` with its count then says why the movement was refused.
 */
export function movementStatements(m: TMovement, now = new Date()): [TSqlStatement, TSqlStatement] {
  if (!ZUnits.safeParse(m.units).success) throw quotaErrors.invalidUnits();
  const { from, to } = MOVES[m.kind];
  if (from === null) throw new Error("movementStatements moves units between columns; a CREDIT goes through applyMovement");
  return [
    // Column names come from MOVES, never from input.
    { sql: `UPDATE "QuotaAccount" SET "${from}" = "${from}" - ?, "${to}" = "${to}" + ?, "updatedAt" = ? WHERE "userId" = ? AND "${from}" >= ?`, values: [m.units, m.units, now, m.userId, m.units] },
    {
      sql: `INSERT INTO "QuotaEntry" ("id", "userId", "kind", "units", "orderId", "affixJobId", "note", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      values: [newId(), m.userId, m.kind, m.units, m.orderId ?? null, m.affixJobId ?? null, m.note?.slice(0, 200) ?? null, now],
    },
  ];
}

/** QUOTA_EXHAUSTED, with what the account holds, when the account update of `movementStatements` changed nothing. */
export async function refusedMovement(tx: TSqlTx, m: TMovement, accountsChanged: number): Promise<void> {
  if (accountsChanged > 0) return;
  const { from } = MOVES[m.kind];
  const [account] = await tx.rows<Record<TColumn, number>>(`SELECT "${from}" FROM "QuotaAccount" WHERE "userId" = ?`, [m.userId]);
  throw quotaErrors.exhausted(m.units, Number(account?.[from!] ?? 0));
}

/**
 * Locks a ledger entry's row until the transaction ends (PostgreSQL), so two settlements of the same
 * reservation (consume and release racing) run one after the other. SQLite runs one writer at a time anyway.
 */
export async function lockEntry(tx: TTx, entryId: string): Promise<void> {
  if (env().databaseKind === "postgresql") {
    await tx.$queryRaw`SELECT "id" FROM "QuotaEntry" WHERE "id" = ${entryId} FOR UPDATE`;
  }
}

export type TSums = Record<TColumn, number>;

/** The account columns as the ledger says they should be, from the per-kind totals. */
export function sumsFromKinds(totals: Partial<Record<string, number>>): TSums {
  const sums: TSums = { available: 0, reserved: 0, consumed: 0, refundHeld: 0, refunded: 0 };
  for (const kind of ENTRY_KINDS) {
    const units = totals[kind] ?? 0;
    const { from, to } = MOVES[kind];
    if (from) sums[from] -= units;
    sums[to] += units;
  }
  return sums;
}
