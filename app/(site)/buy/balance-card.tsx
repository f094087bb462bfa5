import { buyMessages } from "@/lib/i18n/messages/buy";
import type { TLocale } from "@/lib/i18n/define-messages";
import { getQuotaBalance } from "@/lib/quota/get-quota-balance";

/** The applicant's quota: available to affix, and reserved by affixing in progress. */
export async function BalanceCard({ userId, locale }: { userId: string; locale: TLocale }) {
  const t = buyMessages[locale];
  const balance = await getQuotaBalance(userId);
  return (
    <section className="card" aria-labelledby="balance-title">
      <h2 id="balance-title" className="text-lg font-semibold">{t.balanceTitle}</h2>
      <dl className="mt-2 grid grid-cols-2 gap-2">
        <div>
          <dt className="text-sm text-slate-600">{t.available}</dt>
          <dd className="text-2xl font-bold" data-testid="quota-available">{balance.available}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">{t.reserved}</dt>
          <dd className="text-2xl font-bold" data-testid="quota-reserved">{balance.reserved}</dd>
        </div>
      </dl>
    </section>
  );
}
