import "server-only";
import { hashPassword } from "@/lib/auth/password";
import type { TRole } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { appendAudit, systemActor } from "@/lib/audit/append-audit";

export const DEMO_ACCOUNTS: { role: TRole; email: string; password: string }[] = [
  { role: "APPLICANT", email: "pemohon@demo.local", password: "pemohon-demo-123" },
  { role: "VERIFIER", email: "panitia@demo.local", password: "panitia-demo-123" },
  { role: "OPERATOR", email: "operator@demo.local", password: "operator-demo-123" },
];

/** The demo accounts, one per role (prisma/seed.ts also seeds the status page's components). */
export async function seedDemo() {
  for (const account of DEMO_ACCOUNTS) {
    const exists = await db().user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (exists) continue;
    const passwordHash = await hashPassword(account.password);
    await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: account.email, role: account.role, passwordHash, emailConfirmedAt: new Date() }, select: { id: true } });
      await appendAudit(tx, { actor: systemActor, action: "user.seed", targetType: "User", targetId: user.id, data: { role: account.role } });
    });
  }
  return DEMO_ACCOUNTS;
}
