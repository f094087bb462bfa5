import Link from "next/link";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { requirePageUser } from "@/lib/auth/current-user";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { formatRupiah } from "@/lib/i18n/format-money";
import { orderReference } from "@/lib/orders/order-reference";
import { getLocale } from "@/lib/i18n/locale";
import { ORDER_STATUSES } from "@/lib/orders/order-status";
import { searchOrders } from "@/lib/orders/search-orders";
import { checkQuotaConsistency } from "@/lib/quota/check-quota-consistency";
import { StatusBadge } from "../../orders/status-badge";
import { ReconcileForm, RefundDecisionForm } from "./admin-forms";
import { DataTable } from "@/app/_components/data-table";

export const metadata = { title: "Pesanan / Orders — Admin" };
export const dynamic = "force-dynamic";

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string }> }) {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = buyMessages[locale];
  const { q = "", status = "" } = await searchParams;
  const [orders, ledger] = await Promise.all([searchOrders({ query: q, status }), checkQuotaConsistency()]);
  const fmt = (d: Date) => formatJakartaTime(d, locale);
  const label = (s: string) => t[`status_${s}` as "status_PENDING"] ?? s;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.adminOrdersTitle}</h1>
      <section className="card space-y-2" aria-labelledby="reconcile-title">
        <h2 id="reconcile-title" className="text-lg font-semibold">{t.reconcileTitle}</h2>
        <p className="text-sm text-slate-700">{t.reconcileIntro}</p>
        <p className={ledger.ok ? "alert-ok" : "alert-error"}>{ledger.ok ? t.ledgerOk : t.ledgerBroken} ({ledger.accountsChecked})</p>
        <ReconcileForm label={t.reconcileNow} />
      </section>
      <form method="get" className="card flex flex-wrap items-end gap-3" role="search">
        <div className="grow">
          <label htmlFor="q" className="label">{t.search}</label>
          <input id="q" name="q" defaultValue={q} className="field" />
        </div>
        <div>
          <label htmlFor="status" className="label">{t.status}</label>
          <select id="status" name="status" defaultValue={status} className="field">
            <option value="">{t.anyStatus}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>{label(s)}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">{t.searchButton}</button>
      </form>
      <DataTable
        caption={t.adminOrdersTitle}
        rows={orders}
        rowKey={(o) => o.id}
        columns={[
          { header: t.date, cell: (o) => fmt(o.createdAt) },
          {
            header: t.orderNumber,
            className: "font-mono text-xs",
            cell: (o) => (
              <>
                <Link href={`/orders/${o.id}/receipt`} className="font-semibold text-brand-700 underline">{orderReference(o.id)}</Link>
                <span className="block text-slate-600">{o.id}</span>
              </>
            ),
          },
          { header: t.email, cell: (o) => o.email },
          { header: t.quantityShort, cell: (o) => `${o.quantity}${o.refundUnits ? ` (−${o.refundUnits})` : ""}` },
          { header: t.amount, cell: (o) => formatRupiah(o.amount, locale) },
          { header: t.status, cell: (o) => <StatusBadge status={o.status} label={label(o.status)} /> },
          {
            header: t.actions,
            cell: (o) =>
              o.status === "REFUND_REQUESTED" && (
                <div className="space-y-2">
                  {o.refundReason && <p className="text-xs text-slate-600">{o.refundReason}</p>}
                  <RefundDecisionForm orderId={o.id} decision="approve" label={t.approveRefund} />
                  <RefundDecisionForm orderId={o.id} decision="reject" label={t.rejectRefund} />
                </div>
              ),
          },
        ]}
      />
    </div>
  );
}
