import Link from "next/link";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { notFound } from "next/navigation";
import QRCode from "qrcode";
import { requirePageUser } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { buyMessages } from "@/lib/i18n/messages/buy";
import { formatRupiah } from "@/lib/i18n/format-money";
import { getLocale } from "@/lib/i18n/locale";
import { getOrder } from "@/lib/orders/get-order";
import { orderReference } from "@/lib/orders/order-reference";
import { isSimulatorActive } from "@/lib/payments/simulator/simulate-payment";
import { payWithSimulatorAction } from "../actions";
import { BalanceCard } from "../balance-card";
import { RefreshWhilePending } from "./refresh-while-pending";

export const metadata = { title: "Pembayaran / Payment" };
export const dynamic = "force-dynamic";

export default async function PaymentPage({ params, searchParams }: { params: Promise<{ orderId: string }>; searchParams: Promise<{ pending?: string }> }) {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = buyMessages[locale];
  const { orderId } = await params;
  const order = await getOrder({ orderId, viewer: { id: user.id, role: user.role } }).catch((error) => {
    if (isAppError(error) && error.status === 404) notFound();
    throw error;
  });
  const amount = formatRupiah(order.amount, locale);
  const fmt = (d: Date) => formatJakartaTime(d, locale);
  const payable = order.status === "PENDING" && order.expiresAt.getTime() > Date.now();
  const svg = payable && order.qrString ? await QRCode.toString(order.qrString, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) : null;
  // The same code as an image file: a phone cannot scan its own screen, but a payment app can read a saved picture.
  const png = payable && order.qrString ? await QRCode.toDataURL(order.qrString, { type: "image/png", margin: 4, width: 512, errorCorrectionLevel: "M" }) : null;
  const statusLabel = t[`status_${order.status}` as "status_PENDING"] ?? order.status;
  const notDelivered = (await searchParams).pending === "1";

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.payTitle}</h1>
      <section className="card space-y-3">
        <dl className="grid gap-2 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-slate-600">{t.orderNumber}</dt>
            <dd className="font-mono font-semibold">{orderReference(order.id)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t.total}</dt>
            <dd className="text-xl font-bold" data-testid="order-amount">{amount}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t.status}</dt>
            <dd data-testid="order-status">{statusLabel}</dd>
          </div>
        </dl>
        {(payable || order.status === "PAID") && <RefreshWhilePending until={new Date(order.expiresAt.getTime() + 10 * 60_000).toISOString()} />}
        <div role="status" aria-live="polite">
          {order.status === "CREDITED" && (
            <div className="alert-ok space-y-2">
              <p>{t.paidCredited(order.quantity)}</p>
              <p><Link href="/affix" className="btn">{t.stampNow}</Link></p>
            </div>
          )}
          {order.status === "EXPIRED" && <p className="alert-error">{t.expiredNote}</p>}
          {order.status === "FAILED" && <p className="alert-error">{t.failedNote}</p>}
          {order.status === "PENDING" && notDelivered && <p className="alert-ok">{t.notDelivered}</p>}
          {order.status === "PENDING" && !payable && <p className="alert-error">{t.expiredNote}</p>}
        </div>
        {svg && (
          <div className="space-y-3">
            <p>{t.scanQr}</p>
            <div role="img" aria-label={t.qrAlt(amount)} className="w-64 max-w-full rounded border border-slate-300 bg-white p-2" dangerouslySetInnerHTML={{ __html: svg }} />
            {png && (
              <div className="space-y-2">
                <a href={png} download={`qris-${order.id}.png`} className="btn-secondary">{t.saveQr}</a>
                <p className="text-sm text-slate-700">{t.onThisPhone}</p>
              </div>
            )}
            <p className="text-sm text-slate-700">
              {t.expiresAt}: <strong>{fmt(order.expiresAt)}</strong>
            </p>
            <p className="text-sm text-slate-700">{t.watching}</p>
            {order.provider === "simulator" && isSimulatorActive() ? (
              <form action={payWithSimulatorAction} className="space-y-2">
                <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">{t.simulatorNote}</p>
                <input type="hidden" name="orderId" value={order.id} />
                <button type="submit" className="btn">{t.payButton}</button>
              </form>
            ) : (
              <Link href={`/buy/${order.id}`} className="btn-secondary">{t.refreshStatus}</Link>
            )}
          </div>
        )}
      </section>
      <BalanceCard userId={user.id} locale={locale} />
      <p className="flex flex-wrap gap-4">
        <Link href="/buy" className="text-brand-700 underline">{t.buyMore}</Link>
        <Link href={`/orders/${order.id}/receipt`} className="text-brand-700 underline">{t.viewReceipt}</Link>
        <Link href="/orders" className="text-brand-700 underline">{t.ordersTitle}</Link>
      </p>
    </div>
  );
}
