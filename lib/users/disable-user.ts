import "server-only";
// An operator blocks an account (abuse, a compromised account): it can no longer sign in, its sessions end
// and its API tokens stop working, at once in this process and within seconds in every other one (the
// credential cache's lifetime, lib/auth/credential-cache.ts).
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { forgetCredentialsOf } from "@/lib/auth/credential-cache";
import { db } from "@/lib/db/client";
import { commonErrors } from "@/lib/errors";

export async function disableUser(input: { userId: string; actor: TAuditActor }): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: input.userId, disabledAt: null }, data: { disabledAt: new Date() } });
    if (count === 0) throw commonErrors.notFound();
    await tx.session.deleteMany({ where: { userId: input.userId } });
    await appendAudit(tx, { actor: input.actor, action: "user.disable", targetType: "User", targetId: input.userId });
  });
  forgetCredentialsOf(input.userId);
}
