import { listApiTokens } from "@/lib/auth/api-tokens";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { requirePageUser } from "@/lib/auth/current-user";
import { accountMessages } from "@/lib/i18n/messages/account";
import { getLocale } from "@/lib/i18n/locale";
import { revokeTokenAction } from "./actions";
import { TokenForm } from "./token-form";
import { ConfirmEmailNotice } from "@/app/_components/confirm-email-notice";

export const metadata = { title: "Akun / Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = accountMessages[locale];
  const tokens = await listApiTokens(user.id);
  const fmt = (d: Date | null) => (d ? formatJakartaTime(d, locale) : t.never);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.accountTitle}</h1>
      {!user.emailConfirmed && <ConfirmEmailNotice email={user.email} locale={locale} />}
      <section className="card space-y-1">
        <p>
          {t.signedInAs} <strong data-testid="account-email">{user.email}</strong>
        </p>
        <p>
          {t.role}: {t[`role_${user.role}` as "role_APPLICANT"] ?? user.role}
        </p>
      </section>
      <section className="card space-y-4" aria-labelledby="tokens-title">
        <h2 id="tokens-title" className="text-xl font-semibold">{t.tokensTitle}</h2>
        <p className="text-slate-700">{t.tokensIntro}</p>
        <TokenForm labels={{ tokenName: t.tokenName, createToken: t.createToken, tokenCreated: t.tokenCreated }} />
        {tokens.length === 0 ? (
          <p>{t.noTokens}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t.tokenName}</th>
                  <th scope="col">{t.prefix}</th>
                  <th scope="col">{t.createdAt}</th>
                  <th scope="col">{t.lastUsed}</th>
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td><code>{token.prefix}…</code></td>
                    <td>{fmt(token.createdAt)}</td>
                    <td>{fmt(token.lastUsedAt)}</td>
                    <td>
                      {token.revokedAt ? (
                        t.revoked
                      ) : (
                        <form action={revokeTokenAction}>
                          <input type="hidden" name="tokenId" value={token.id} />
                          <button type="submit" className="btn-secondary px-2 py-1 text-sm" aria-label={`${t.revoke} ${token.name}`}>
                            {t.revoke}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
