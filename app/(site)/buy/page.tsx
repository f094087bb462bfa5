import { randomUUID } from "node:crypto";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { formatRupiah } from "@/lib/i18n/format-money";
import { getLocale } from "@/lib/i18n/locale";
import { orderErrors } from "@/lib/orders/order-errors";
import { BalanceCard } from "./balance-card";
import { BuyForm } from "./buy-form";
import { ConfirmEmailNotice } from "@/app/_components/confirm-email-notice";

export const metadata = { title: "Beli meterai / Buy stamps" };
export const dynamic = "force-dynamic";

export default async function BuyPage() {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = buyMessages[locale];
  const pricing = env().pricing;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.buyTitle}</h1>
      <p className="text-slate-700">{t.buyIntro(formatRupiah(pricing.stampPrice, locale))}</p>
      <BalanceCard userId={user.id} locale={locale} />
      {!user.emailConfirmed ? (
        <ConfirmEmailNotice email={user.email} locale={locale} />
      ) : (
        <section className="card">
          <BuyForm
            // A fresh key per render: a double click or a resubmitted form returns the same order.
            idempotencyKey={`web-${randomUUID()}`}
            locale={locale}
            pricing={{ stampPrice: pricing.stampPrice, serviceFee: pricing.serviceFee, maxQuantity: pricing.maxQuantity }}
            labels={{
              quantity: t.quantity,
              quantityHint: t.quantityHint(pricing.maxQuantity),
              invalidQuantity: orderErrors.invalidQuantity(pricing.maxQuantity).userMessage[locale],
              breakdownTitle: t.breakdownTitle,
              stamps: t.stamps("{n}", "{price}"),
              fees: t.fees("{n}", "{price}"),
              total: t.total,
              createOrder: t.createOrder,
              creatingOrder: t.creatingOrder,
            }}
          />
        </section>
      )}
      <p>
        <Link href="/orders" className="text-brand-700 underline">{t.ordersTitle}</Link>
      </p>
    </div>
  );
}
