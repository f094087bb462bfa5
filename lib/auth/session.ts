import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { cachedCredential, forgetCredential } from "./credential-cache";
import { hashSecret, newSecret } from "./tokens";

export const SESSION_COOKIE = "mtr_session";

/** `emailConfirmed`: false for a registration whose address is not confirmed yet (it cannot buy). */
export type TSessionUser = { id: string; email: string; role: string; name: string | null; emailConfirmed: boolean; sessionId: string };

export async function createSession(input: { userId: string; ip?: string | null; userAgent?: string | null }) {
  const { secret, hash } = newSecret();
  const expiresAt = new Date(Date.now() + env().sessionHours * 3600_000);
  await db().session.create({
    data: { tokenHash: hash, userId: input.userId, expiresAt, ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null },
  });
  return { token: secret, expiresAt };
}

/** The signed-in user for a session cookie value, or null when it is unknown, expired or the user is disabled. */
export async function findSessionUser(token: string | undefined | null): Promise<TSessionUser | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashSecret(token);
  let user = await cachedCredential("sessions", tokenHash, () => loadSessionUser(tokenHash));
  // An entry cached before the session expired must not outlive it: the database decides (and removes it).
  if (user && user.expiresAt <= Date.now()) {
    forgetCredential("sessions", tokenHash);
    user = await loadSessionUser(tokenHash);
  }
  return user?.value ?? null;
}

async function loadSessionUser(tokenHash: string): Promise<{ value: TSessionUser; expiresAt: number } | null> {
  const session = await db().session.findUnique({
    where: { tokenHash },
    select: { id: true, expiresAt: true, user: { select: { id: true, email: true, role: true, name: true, disabledAt: true, emailConfirmedAt: true } } },
  });
  if (!session) return null;
  if (session.expiresAt <= new Date() || session.user.disabledAt) {
    await db().session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return {
    value: { id: session.user.id, email: session.user.email, role: session.user.role, name: session.user.name, emailConfirmed: !!session.user.emailConfirmedAt, sessionId: session.id },
    expiresAt: session.expiresAt.getTime(),
  };
}

export async function deleteSession(token: string) {
  forgetCredential("sessions", hashSecret(token));
  await db().session.deleteMany({ where: { tokenHash: hashSecret(token) } });
}

export function sessionCookieOptions(expiresAt: Date) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env().secureCookies,
    path: "/",
    expires: expiresAt,
  };
}
