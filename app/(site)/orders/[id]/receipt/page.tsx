import { notFound } from "next/navigation";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { requirePageUser } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { formatRupiah } from "@/lib/i18n/format-money";
import { orderReference } from "@/lib/orders/order-reference";
import { getLocale } from "@/lib/i18n/locale";
import { getReceipt } from "@/lib/orders/get-receipt";
import { PrintButton } from "./print-button";

export const metadata = { title: "Kuitansi / Receipt" };
export const dynamic = "force-dynamic";

export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageUser();
  const locale = await getLocale();
  const t = buyMessages[locale];
  const { id } = await params;
  const { order, buyer } = await getReceipt({ orderId: id, viewer: { id: viewer.id, role: viewer.role } }).catch((error) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const fmt = (d: Date | null) => (d ? formatJakartaTime(d, locale) : t.notPaidYet);
  const rows: [string, string][] = [
    [t.orderNumber, `${orderReference(order.id)} (${order.id})`],
    [t.date, fmt(order.createdAt)],
    [t.buyer, buyer.name ? `${buyer.name} <${buyer.email}>` : buyer.email],
    [t.status, t[`status_${order.status}` as "status_PENDING"] ?? order.status],
    [t.paymentMethod, `QRIS (${order.provider})`],
    [t.reference, order.providerRef ?? "–"],
    [t.paidAt, fmt(order.paidAt)],
    [t.creditedAt, fmt(order.creditedAt)],
  ];
  if (order.refundUnits > 0) rows.push([t.refundUnits, String(order.refundUnits)]);
  return (
    <article className="mx-auto max-w-2xl space-y-6 print:max-w-none print:text-black" aria-labelledby="receipt-title">
      {/* Print only the receipt: no header, navigation or footer of the site. */}
      <style>{`@media print { header, footer, nav, [data-print-hidden] { display: none !important; } body { background: #fff; } @page { margin: 15mm; } }`}</style>
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600">{t.receiptIssuer}</p>
          <h1 id="receipt-title" className="text-2xl font-bold">{t.receiptTitle}</h1>
        </div>
        <PrintButton label={t.print} />
      </div>
      <dl className="card grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr] print:border-black print:shadow-none">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium text-slate-700">{label}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <table className="table print:border print:border-black">
        <thead>
          <tr>
            <th scope="col">{t.breakdownTitle}</th>
            <th scope="col" className="text-right">{t.amount}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{t.stamps(String(order.quantity), formatRupiah(order.unitPrice, locale))}</td>
            <td className="text-right">{formatRupiah(order.quantity * order.unitPrice, locale)}</td>
          </tr>
          <tr>
            <td>{t.fees(String(order.quantity), formatRupiah(order.serviceFee, locale))}</td>
            <td className="text-right">{formatRupiah(order.quantity * order.serviceFee, locale)}</td>
          </tr>
          <tr className="font-bold">
            <th scope="row" className="text-left">{t.total}</th>
            <td className="text-right" data-testid="receipt-total">{formatRupiah(order.amount, locale)}</td>
          </tr>
        </tbody>
      </table>
    </article>
  );
}
