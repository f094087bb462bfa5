import "server-only";
import { z } from "zod";
import type { TAuditActor } from "@/lib/audit/append-audit";
import { appendAudit } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { activeProvider } from "@/lib/payments/provider";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { runTransaction } from "@/lib/db/run-transaction";
import { orderErrors } from "./order-errors";
import { orderSelect, type TOrderRow } from "./order-view";
import { priceOrder } from "./price-order";

/** Whole number from 1 to ORDER_MAX_QUANTITY; strings, fractions and huge numbers are refused. */
export const orderQuantity = () => z.number().int().min(1).max(env().pricing.maxQuantity);

/** POST /api/v1/orders's body (the OpenAPI document describes it with this schema). */
export const createOrderBody = () => z.object({ quantity: orderQuantity().describe("Stamps to buy: a whole number from 1 to ORDER_MAX_QUANTITY (default 100).") });

/** The buy form's quantity field: digits only ("3"), then the same rule as the API. */
export const formQuantity = () => z.string().trim().regex(/^\d{1,9}$/).transform(Number).pipe(orderQuantity());

export const invalidQuantity = () => orderErrors.invalidQuantity(env().pricing.maxQuantity);

/**
 * Creates an order and opens its QRIS payment. The Idempotency-Key makes retries safe: the same key
 * returns the same order (never a second one), and the same key with another quantity is a 409.
 * The edges parse the quantity (orderQuantity) and the key (lib/edge/idempotency-key.ts).
 */
export async function createOrder(input: { userId: string; actor: TAuditActor; quantity: number; idempotencyKey: string }): Promise<{ order: TOrderRow; created: boolean }> {
  const { quantity, idempotencyKey } = input;
  const config = env();
  const provider = activeProvider();

  // Only a confirmed address buys (and so holds quota to affix with): registration proves it.
  const buyer = await db().user.findUnique({ where: { id: input.userId }, select: { emailConfirmedAt: true } });
  if (!buyer?.emailConfirmedAt) throw orderErrors.emailNotConfirmed();

  const existing = await findByKey(input.userId, idempotencyKey);
  if (existing) return { order: await sameRequest(existing, quantity), created: false };

  const price = priceOrder(quantity, config.pricing);
  let order: TOrderRow;
  try {
    order = await runTransaction(async (tx) => {
      const row = await tx.order.create({
        data: {
          userId: input.userId,
          idempotencyKey,
          quantity,
          unitPrice: price.unitPrice,
          serviceFee: price.serviceFee,
          amount: price.amount,
          provider: provider.name,
          expiresAt: new Date(Date.now() + config.orderExpiryMinutes * 60_000),
        },
        select: orderSelect,
      });
      await appendAudit(tx, { actor: input.actor, action: "order.create", targetType: "Order", targetId: row.id, data: { quantity, amount: price.amount, provider: provider.name, status: "PENDING" } });
      return row;
    });
  } catch (error) {
    // The same key sent twice at once: the unique (userId, idempotencyKey) let one in; the other returns it.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findByKey(input.userId, idempotencyKey);
    if (!winner) throw error;
    return { order: await sameRequest(winner, quantity), created: false };
  }
  return { order: await ensureCharged(order), created: true };
}

async function findByKey(userId: string, idempotencyKey: string) {
  return db().order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, select: orderSelect });
}

async function sameRequest(order: TOrderRow, quantity: number): Promise<TOrderRow> {
  if (order.quantity !== quantity) throw orderErrors.keyReused(order.quantity);
  if (order.qrString || order.status !== "PENDING") return order;
  // The first request is still opening the payment (or failed to): wait for it briefly, then open it ourselves.
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await db().order.findUnique({ where: { id: order.id }, select: orderSelect });
    if (again?.qrString) return again;
  }
  return ensureCharged(order);
}

/** Opens the payment at the gateway (outside any transaction: it is a network call) and stores the QR. */
async function ensureCharged(order: TOrderRow): Promise<TOrderRow> {
  if (order.qrString) return order;
  const charge = await activeProvider().createCharge({ orderId: order.id, amount: order.amount, expiresAt: order.expiresAt });
  await db().order.updateMany({ where: { id: order.id, qrString: null }, data: { qrString: charge.qrString, providerRef: charge.providerRef } });
  return db().order.findUniqueOrThrow({ where: { id: order.id }, select: orderSelect });
}
