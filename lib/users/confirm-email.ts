import "server-only";
import { appendAudit } from "@/lib/audit/append-audit";
import { forgetCredentialsOf } from "@/lib/auth/credential-cache";
import { verifyPassword } from "@/lib/auth/password";
import { hashSecret } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const confirmationErrors = {
  invalidLink: () =>
    new AppError(
      "CONFIRMATION_LINK_INVALID",
      { id: "Tautan konfirmasi ini tidak berlaku lagi. Masuk dan minta tautan baru, atau daftar lagi.", en: "This confirmation link is no longer valid. Sign in and ask for a new link, or register again." },
      { status: 400 },
    ),
  wrongPassword: () =>
    new AppError("CONFIRMATION_WRONG_PASSWORD", { id: "Kata sandi salah.", en: "Wrong password." }, { status: 401 }),
};

/**
 * The link from the registration e-mail, with the password chosen at that registration: both are needed,
 * so whoever registers an address they do not own gets nothing from its owner clicking the link.
 * Returns the account, now confirmed; what was cached about it is forgotten, so its open sessions see
 * the change at once.
 */
export async function confirmEmail(input: { token: string; password: string }) {
  if (!input.token || input.token.length > 200) throw confirmationErrors.invalidLink();
  const user = await db().user.findUnique({
    where: { emailConfirmTokenHash: hashSecret(input.token) },
    select: { id: true, email: true, role: true, passwordHash: true, emailConfirmedAt: true, disabledAt: true },
  });
  if (!user || user.emailConfirmedAt || user.disabledAt) throw confirmationErrors.invalidLink();
  if (!(await verifyPassword(input.password, user.passwordHash))) throw confirmationErrors.wrongPassword();
  await db().$transaction(async (tx) => {
    // Conditional on the same token: a registration that replaced it meanwhile wins.
    const { count } = await tx.user.updateMany({ where: { id: user.id, emailConfirmTokenHash: hashSecret(input.token), emailConfirmedAt: null }, data: { emailConfirmedAt: new Date(), emailConfirmTokenHash: null } });
    if (count !== 1) throw confirmationErrors.invalidLink();
    await appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.confirm_email", targetType: "User", targetId: user.id });
  });
  forgetCredentialsOf(user.id);
  return { id: user.id, email: user.email, role: user.role };
}
