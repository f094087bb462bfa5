import "server-only";
import { z } from "zod";
import { appendAudit, systemActor } from "@/lib/audit/append-audit";
import { forgetCredentialsOf } from "@/lib/auth/credential-cache";
import { hashPassword } from "@/lib/auth/password";
import { newSecret } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { hit } from "@/lib/rate-limit";
import { queueAlreadyRegisteredMail, queueConfirmationMail } from "./account-mail";

export const ZEmail = z.string().trim().toLowerCase().max(254).email();
export const ZPassword = z.string().min(10).max(200);
export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{8,20}$/)
  .optional()
  .or(z.literal("").transform(() => undefined));

export const ZRegistration = z.object({ email: ZEmail, password: ZPassword, phone: ZPhone, name: z.string().trim().max(100).optional() });
export type TRegistration = z.infer<typeof ZRegistration>;

/** What registering answers, whatever happened: the same words whether or not the address has an account. */
export const registrationAccepted = {
  id: "Periksa e-mail Anda: kami mengirim tautan untuk mengonfirmasi alamat tersebut. Buka tautan itu untuk mengaktifkan akun.",
  en: "Check your e-mail: we sent a link to confirm the address. Open it to activate the account.",
};

/** Notices to an address that already has an account: a few per hour, so the form cannot be used to flood someone. */
const ALREADY_REGISTERED_NOTICES = { limit: 3, windowSeconds: 60 * 60 };

/**
 * Registration proves the address before the account can buy: the account is made unconfirmed and a
 * link goes to the address. The answer and the work done are the same whether or not the address already
 * has an account (no enumeration: the password is hashed either way, no one is signed in either way).
 *  - a new address: an unconfirmed account, and the link;
 *  - an address whose account was never confirmed: whoever holds the mailbox decides, so this
 *    registration's password replaces the earlier one, its sessions end, and a new link goes out
 *    (confirming asks for the password too: a link sent for someone else's registration is useless);
 *  - a confirmed account: nothing changes; its owner is told that someone tried.
 */
export async function registerApplicant(input: TRegistration): Promise<{ accepted: true }> {
  const passwordHash = await hashPassword(input.password);
  const confirm = newSecret("e_");
  let endedSessionsOf: string | null = null;
  try {
    await db().$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, emailConfirmedAt: true, disabledAt: true } });
      if (!existing) {
        const user = await tx.user.create({
          data: { email: input.email, passwordHash, phone: input.phone ?? null, name: input.name || null, role: "APPLICANT", emailConfirmTokenHash: confirm.hash },
          select: { id: true, email: true },
        });
        await queueConfirmationMail(tx, { to: input.email, token: confirm.secret });
        await appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.register", targetType: "User", targetId: user.id });
      } else if (!existing.emailConfirmedAt && !existing.disabledAt) {
        await tx.user.update({ where: { id: existing.id }, data: { passwordHash, phone: input.phone ?? null, name: input.name || null, emailConfirmTokenHash: confirm.hash }, select: { id: true } });
        await tx.session.deleteMany({ where: { userId: existing.id } });
        endedSessionsOf = existing.id;
        await queueConfirmationMail(tx, { to: input.email, token: confirm.secret });
        await appendAudit(tx, { actor: systemActor, action: "user.register_again", targetType: "User", targetId: existing.id });
      } else if (hit(`register:notice:${input.email}`, ALREADY_REGISTERED_NOTICES).allowed) {
        await queueAlreadyRegisteredMail(tx, { to: input.email });
        await appendAudit(tx, { actor: systemActor, action: "user.register_existing", targetType: "User", targetId: existing.id });
      }
    });
  } catch (error) {
    // The same new address registered twice at once: one made the account; this one answers the same.
    if (!isUniqueViolation(error)) throw error;
  }
  if (endedSessionsOf) forgetCredentialsOf(endedSessionsOf);
  return { accepted: true };
}
