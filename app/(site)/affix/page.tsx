import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { affixMessages } from "@/lib/i18n/messages/affix";
import { getLocale } from "@/lib/i18n/locale";
import { getQuotaBalance } from "@/lib/quota";
import { AffixWizard } from "./affix-wizard";
import { ConfirmEmailNotice } from "@/app/_components/confirm-email-notice";

export const metadata = { title: "Bubuhkan / Affix" };

export default async function AffixPage() {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = affixMessages[locale];
  const balance = await getQuotaBalance(user.id);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{t.title}</h1>
        <Link href="/affix/history" className="text-brand-700 underline">{t.historyLink}</Link>
      </div>
      <p className="text-slate-700">{t.intro}</p>
      {!user.emailConfirmed && <ConfirmEmailNotice email={user.email} locale={locale} />}
      {balance.available === 0 ? (
        // GOV.UK's notification banner: said at the start, before anything is uploaded, with the way out.
        <section className="notice" role="region" aria-labelledby="no-quota-title" data-testid="no-quota">
          <h2 id="no-quota-title" className="text-lg font-semibold">{t.noQuotaTitle}</h2>
          <p>{t.noQuotaBody}</p>
          <p className="mt-2"><Link href="/buy" className="btn">{t.buyMore}</Link></p>
        </section>
      ) : null}
      <p className="card" data-testid="affix-balance">
        {t.balance}: <strong>{balance.available}</strong> ({balance.reserved} {t.reserved})
      </p>
      <AffixWizard t={t} locale={locale} maxUploadBytes={env().uploadMaxBytes} available={balance.available} />
    </div>
  );
}
