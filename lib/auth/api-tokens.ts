import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { cachedCredential, forgetCredential } from "./credential-cache";
import { hashSecret, newSecret } from "./tokens";

const TOKEN_PREFIX = "mtr_";

export async function createApiToken(input: { userId: string; name: string; actor: TAuditActor }) {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 80) {
    throw new AppError("INVALID_INPUT", { id: "Nama token harus 1–80 karakter.", en: "Token name must be 1–80 characters." });
  }
  const { secret, hash } = newSecret(TOKEN_PREFIX);
  const token = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: input.userId, name, tokenHash: hash, prefix: secret.slice(0, 10) },
      select: { id: true, name: true, prefix: true, createdAt: true },
    });
    await appendAudit(tx, { actor: input.actor, action: "api_token.create", targetType: "ApiToken", targetId: created.id, data: { name } });
    return created;
  });
  // The secret is returned once and never stored: only its hash is.
  return { ...token, secret };
}

export async function revokeApiToken(input: { userId: string; tokenId: string; actor: TAuditActor }) {
  await db().$transaction(async (tx) => {
    // userId in the filter: an owner can only revoke their own tokens, whatever id the form sends.
    const { count } = await tx.apiToken.updateMany({
      where: { id: input.tokenId, userId: input.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("NOT_FOUND", { id: "Token tidak ditemukan.", en: "Token not found." });
    await appendAudit(tx, { actor: input.actor, action: "api_token.revoke", targetType: "ApiToken", targetId: input.tokenId });
  });
  forgetCredential("tokens", (value) => (value as TTokenUser | null)?.tokenId === input.tokenId);
}

export async function listApiTokens(userId: string) {
  return db().apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export type TTokenUser = { id: string; email: string; role: string; tokenId: string };

/** The user behind `Authorization: Bearer …`, or null for a missing, unknown or revoked token. */
export async function findTokenUser(authorization: string | null): Promise<TTokenUser | null> {
  const match = /^Bearer\s+(\S{10,200})$/i.exec(authorization ?? "");
  if (!match) return null;
  const tokenHash = hashSecret(match[1]);
  return cachedCredential("tokens", tokenHash, () => loadTokenUser(tokenHash));
}

async function loadTokenUser(tokenHash: string): Promise<TTokenUser | null> {
  // One statement (the token joined to its owner): this runs on every API call. Prisma's nested select
  // made two, and affixing is busy enough for the difference to show.
  const rows = await db().$queryRaw<{ tokenId: string; lastUsedAt: Date | string | null; userId: string; email: string; role: string }[]>`
    SELECT t."id" AS "tokenId", t."lastUsedAt" AS "lastUsedAt", u."id" AS "userId", u."email" AS "email", u."role" AS "role"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
    WHERE t."tokenHash" = ${tokenHash} AND t."revokedAt" IS NULL AND u."disabledAt" IS NULL`;
  const token = rows[0];
  if (!token) return null;
  // Written at most once a minute: a busy client must not turn every read into a write.
  const lastUsedAt = token.lastUsedAt === null ? null : new Date(token.lastUsedAt);
  if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: token.tokenId }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { id: token.userId, email: token.email, role: token.role, tokenId: token.tokenId };
}
