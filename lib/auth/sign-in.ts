import "server-only";
import { appendAudit } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { AppError, commonErrors } from "@/lib/errors";
import { hit, limits, reset } from "@/lib/rate-limit";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession } from "./session";

export const invalidCredentials = () =>
  new AppError(
    "INVALID_CREDENTIALS",
    // One message for an unknown e-mail and a wrong password: the form must not reveal who is registered.
    { id: "E-mail atau kata sandi salah.", en: "Wrong e-mail or password." },
    { status: 401 },
  );

export async function signIn(input: { email: string; password: string; ip: string; userAgent?: string | null }) {
  const email = input.email.trim().toLowerCase();
  // Both limits count attempts before the password is checked, so guessing costs the attacker a slot either way.
  for (const [key, rule] of [
    [`signin:ip:${input.ip}`, limits.signInPerIp],
    [`signin:acct:${email}`, limits.signInPerAccount],
  ] as const) {
    const r = hit(key, rule);
    if (!r.allowed) throw commonErrors.rateLimited(r.retryAfterSeconds);
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, role: true, passwordHash: true, disabledAt: true } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabledAt) throw invalidCredentials();
  reset(`signin:acct:${email}`);
  const session = await createSession({ userId: user.id, ip: input.ip, userAgent: input.userAgent });
  await db().$transaction((tx) => appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.sign_in", targetType: "User", targetId: user.id }));
  return { user: { id: user.id, email: user.email, role: user.role }, ...session };
}
