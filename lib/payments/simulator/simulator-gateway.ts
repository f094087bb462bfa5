import "server-only";
// The simulator's "gateway side": what the gateway knows about each payment, kept apart from our orders
// (in KeyValue, as a real gateway keeps its own records). Reconciliation asks this, not the Order table.
import { z } from "zod";
import { db } from "@/lib/db/client";
import { readStoredJsonOr } from "@/lib/db/stored-json";

const ZSimTransaction = z.object({
  orderId: z.string(),
  transactionId: z.string(),
  transactionStatus: z.enum(["pending", "settlement", "expire", "deny"]),
  grossAmount: z.number().int(),
  transactionTime: z.string(),
  settlementTime: z.string().optional(),
});
export type TSimTransaction = z.infer<typeof ZSimTransaction>;

const keyOf = (orderId: string) => `payments.simulator.tx:${orderId}`;

export async function readSimTransaction(orderId: string): Promise<TSimTransaction | null> {
  const row = await db().keyValue.findUnique({ where: { key: keyOf(orderId) }, select: { value: true } });
  return readStoredJsonOr(ZSimTransaction.nullable(), row?.value, null);
}

export async function writeSimTransaction(tx: TSimTransaction): Promise<void> {
  const value = JSON.stringify(tx);
  await db().keyValue.upsert({ where: { key: keyOf(tx.orderId) }, create: { key: keyOf(tx.orderId), value }, update: { value } });
}

/** Midtrans writes times as "YYYY-MM-DD HH:mm:ss" in Jakarta time (UTC+7). */
export function gatewayTime(at = new Date()): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}
