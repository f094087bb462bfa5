// Small builders for integration tests, going through the same use cases as the app.
import { randomBytes } from "node:crypto";
import type { TRole } from "@/lib/auth/roles";
import { createUser } from "@/lib/users/create-user";

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${randomBytes(4).toString("hex")}@test.local`;
}

export async function makeUser(role: TRole = "APPLICANT", password = "correct horse battery") {
  const user = await createUser({ email: uniqueEmail(role.toLowerCase()), password, role, actor: { id: null, label: "test" } });
  return { ...user, password };
}

/**
 * Gives a user paid quota the way a settled payment does: a CREDITED order and its CREDIT ledger entry
 * in one transaction (lib/quota's creditQuota).
 */
export async function giveQuota(userId: string, units: number) {
  const { db } = await import("@/lib/db/client");
  const { creditQuota } = await import("@/lib/quota");
  return db().$transaction(async (tx) => {
    const order = await tx.order.create({
      data: {
        userId,
        idempotencyKey: `test-${randomBytes(6).toString("hex")}`,
        quantity: units,
        unitPrice: 10_000,
        serviceFee: 2_500,
        amount: units * 12_500,
        status: "CREDITED",
        provider: "simulator",
        expiresAt: new Date(Date.now() + 15 * 60_000),
        paidAt: new Date(),
        creditedAt: new Date(),
      },
      select: { id: true },
    });
    await creditQuota(tx, { userId, orderId: order.id, units });
    return order.id;
  });
}

/** Five units of quota for the user, then one stamp on page 1 through the portal's own affixing use case. */
export async function affixForTest(userId: string, email: string, pdf: Uint8Array) {
  const { db } = await import("@/lib/db/client");
  const { creditQuota } = await import("@/lib/quota");
  const { affixStamps } = await import("@/lib/stamps/affix-stamps");
  await db().$transaction((tx) => creditQuota(tx, { userId, orderId: `test-${randomBytes(4).toString("hex")}`, units: 5 }));
  return affixStamps({ userId, actor: { id: userId, label: email }, pdf, placements: [{ page: 1, x: 40, y: 40 }], details: { documentType: "Surat Pernyataan", documentNumber: "1/2026", documentDate: "2026-01-05" }, idempotencyKey: `key-${randomBytes(6).toString("hex")}` });
}
