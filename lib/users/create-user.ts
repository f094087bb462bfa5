import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { hashPassword } from "@/lib/auth/password";
import type { TRole } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { AppError } from "@/lib/errors";

/** Operators (and the admin command line) create accounts of any role. */
export async function createUser(input: { email: string; password: string; role: TRole; name?: string; actor: TAuditActor }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        // Made by an operator (or the admin command): the address counts as confirmed.
        data: { email: input.email, passwordHash, role: input.role, name: input.name || null, createdById: input.actor.id, emailConfirmedAt: new Date() },
        select: { id: true, email: true, role: true },
      });
      await appendAudit(tx, { actor: input.actor, action: "user.create", targetType: "User", targetId: user.id, data: { email: user.email, role: user.role } });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", { id: "E-mail ini sudah terdaftar.", en: "This e-mail is already registered." });
    }
    throw error;
  }
}
