import Link from "next/link";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { requirePageUser } from "@/lib/auth/current-user";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { formatRupiah } from "@/lib/i18n/format-money";
import { getLocale } from "@/lib/i18n/locale";
import { listOrders } from "@/lib/orders/list-orders";
import { orderReference } from "@/lib/orders/order-reference";
import { BalanceCard } from "../buy/balance-card";
import { RefundForm } from "./refund-form";
import { StatusBadge } from "./status-badge";

export const metadata = { title: "Pesanan / Orders" };
export const dynamic = "force-dynamic";

export default async function OrdersPage() {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = buyMessages[locale];
  const orders = await listOrders({ userId: user.id });
  const fmt = (d: Date) => formatJakartaTime(d, locale);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.ordersTitle}</h1>
      <BalanceCard userId={user.id} locale={locale} />
      {orders.length === 0 ? (
        <p>
          {t.noOrders} <Link href="/buy" className="text-brand-700 underline">{t.buyTitle}</Link>
        </p>
      ) : (
        <div className="sm:overflow-x-auto">
          <table className="table table-stack">
            <caption className="sr-only">{t.ordersTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.orderNumber}</th>
                <th scope="col">{t.quantityShort}</th>
                <th scope="col">{t.amount}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} data-testid="order-row">
                  <td data-label={t.date}>{fmt(o.createdAt)}</td>
                  <td data-label={t.orderNumber}><span className="font-mono font-semibold" data-testid="order-reference">{orderReference(o.id)}</span></td>
                  <td data-label={t.quantityShort}>{o.quantity}</td>
                  <td data-label={t.amount}>{formatRupiah(o.amount, locale)}</td>
                  <td data-label={t.status}><StatusBadge status={o.status} label={t[`status_${o.status}` as "status_PENDING"] ?? o.status} /></td>
                  <td data-label={t.actions} className="space-y-1">
                    <Link href={`/orders/${o.id}/receipt`} className="block text-brand-700 underline">{t.receipt}</Link>
                    {o.status === "PENDING" && <Link href={`/buy/${o.id}`} className="block text-brand-700 underline">{t.pay}</Link>}
                    {o.status === "CREDITED" && <RefundForm orderId={o.id} labels={{ requestRefund: t.requestRefund, refundReason: t.refundReason }} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
