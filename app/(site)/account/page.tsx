import Link from "next/link";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { requirePageUser } from "@/lib/auth/current-user";
import { accountMessages } from "@/lib/i18n/messages/account";
import { getLocale } from "@/lib/i18n/locale";
import { infoMessages } from "@/lib/i18n/messages/info";
import { getQuotaBalance } from "@/lib/quota";
import { revokeTokenAction } from "./actions";
import { TokenForm } from "./token-form";
import { ConfirmEmailNotice } from "@/app/_components/confirm-email-notice";
import { DataTable } from "@/app/_components/data-table";

export const metadata = { title: "Akun / Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = accountMessages[locale];
  const tokens = await listApiTokens(user.id);
  const fmt = (d: Date | null) => (d ? formatJakartaTime(d, locale) : t.never);
  const i = infoMessages[locale];
  const available = user.role === "APPLICANT" ? (await getQuotaBalance(user.id)).available : 0;
  // Where an applicant lands after registering or signing in: what to do next first (GOV.UK task list),
  // the API tokens for programs below.
  const steps = [
    { href: "/buy", title: i.stepBuy, hint: available > 0 ? i.stepBuyDone(available) : i.stepBuyTodo, done: available > 0 },
    { href: "/affix", title: i.stepAffix, hint: i.stepAffixHint, done: false },
    { href: "/affix/history", title: i.stepHistory, hint: i.stepHistoryHint, done: false },
    { href: "/verify", title: i.stepVerify, hint: i.stepVerifyHint, done: false },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.accountTitle}</h1>
      {!user.emailConfirmed && <ConfirmEmailNotice email={user.email} locale={locale} />}
      {user.role === "APPLICANT" && (
        <section className="card space-y-2" aria-labelledby="next-steps">
          <h2 id="next-steps" className="text-xl font-semibold">{i.nextStepsTitle}</h2>
          <ol className="divide-y divide-slate-200" data-testid="next-steps">
            {steps.map((s, n) => (
              <li key={s.href} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div>
                  <Link href={s.href} className="font-semibold text-brand-700 underline">{n + 1}. {s.title}</Link>
                  <p className="text-sm text-slate-700">{s.hint}</p>
                </div>
                {s.done && <span className="rounded bg-green-100 px-2 py-0.5 text-sm font-semibold text-green-900">✓</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
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
        <DataTable
          rows={tokens}
          rowKey={(token) => token.id}
          empty={<p>{t.noTokens}</p>}
          columns={[
            { header: t.tokenName, cell: (token) => token.name },
            { header: t.prefix, cell: (token) => <code>{token.prefix}…</code> },
            { header: t.createdAt, cell: (token) => fmt(token.createdAt) },
            { header: t.lastUsed, cell: (token) => fmt(token.lastUsedAt) },
            {
              header: t.status,
              cell: (token) =>
                token.revokedAt ? (
                  t.revoked
                ) : (
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="tokenId" value={token.id} />
                    <button type="submit" className="btn-secondary px-2 py-1 text-sm" aria-label={`${t.revoke} ${token.name}`}>
                      {t.revoke}
                    </button>
                  </form>
                ),
            },
          ]}
        />
      </section>
    </div>
  );
}
