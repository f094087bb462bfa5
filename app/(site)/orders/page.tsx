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
import { DataTable } from "@/app/_components/data-table";

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
      <DataTable
        stack
        caption={t.ordersTitle}
        rows={orders}
        rowKey={(o) => o.id}
        rowTestId="order-row"
        empty={
          <p>
            {t.noOrders} <Link href="/buy" className="text-brand-700 underline">{t.buyTitle}</Link>
          </p>
        }
        columns={[
          { header: t.date, cell: (o) => fmt(o.createdAt) },
          { header: t.orderNumber, cell: (o) => <span className="font-mono font-semibold" data-testid="order-reference">{orderReference(o.id)}</span> },
          { header: t.quantityShort, cell: (o) => o.quantity },
          { header: t.amount, cell: (o) => formatRupiah(o.amount, locale) },
          { header: t.status, cell: (o) => <StatusBadge status={o.status} label={t[`status_${o.status}` as "status_PENDING"] ?? o.status} /> },
          {
            header: t.actions,
            className: "space-y-1",
            cell: (o) => (
              <>
                <Link href={`/orders/${o.id}/receipt`} className="block text-brand-700 underline">{t.receipt}</Link>
                {o.status === "PENDING" && <Link href={`/buy/${o.id}`} className="block text-brand-700 underline">{t.pay}</Link>}
                {o.status === "CREDITED" && <RefundForm orderId={o.id} labels={{ requestRefund: t.requestRefund, refundReason: t.refundReason }} />}
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
