import "server-only";
import { appendAudit } from "@/lib/audit/append-audit";
import { newSecret } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { commonErrors } from "@/lib/errors";
import { hit } from "@/lib/rate-limit";
import { queueConfirmationMail } from "./account-mail";

const RESENDS = { limit: 3, windowSeconds: 60 * 60 };

/** A new confirmation link for a signed-in account whose address is not confirmed yet (the old link stops working). */
export async function resendConfirmation(input: { userId: string }): Promise<{ sent: boolean }> {
  const limit = hit(`register:resend:${input.userId}`, RESENDS);
  if (!limit.allowed) throw commonErrors.rateLimited(limit.retryAfterSeconds);
  const confirm = newSecret("e_");
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, emailConfirmedAt: true } });
    if (!user || user.emailConfirmedAt) return { sent: false };
    await tx.user.update({ where: { id: user.id }, data: { emailConfirmTokenHash: confirm.hash }, select: { id: true } });
    await queueConfirmationMail(tx, { to: user.email, token: confirm.secret });
    await appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.resend_confirmation", targetType: "User", targetId: user.id });
    return { sent: true };
  });
}
