import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/client";
import { adminMessages } from "@/lib/i18n/messages/admin";
import { getLocale } from "@/lib/i18n/locale";
import { jakartaDay, jakartaDayStart } from "@/lib/status/catalog";
import { getStatusState } from "@/lib/status/status-cache";
import { isIncidentOpen } from "@/lib/status/state";
import { adminSections } from "./sections";

export const metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

export default async function AdminHome() {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = adminMessages[locale];
  // The day as the applicants' deadlines count it: from midnight in Jakarta.
  const since = jakartaDayStart(jakartaDay(new Date()));
  const [stampsToday, ordersToday, pending, refunds, state] = await Promise.all([
    db().stamp.count({ where: { affixedAt: { gte: since } } }),
    db().order.count({ where: { paidAt: { gte: since } } }),
    db().order.count({ where: { status: "PENDING" } }),
    db().order.count({ where: { status: "REFUND_REQUESTED" } }),
    getStatusState().catch(() => null),
  ]);
  const figures = [
    { label: t.overviewStampsToday, value: stampsToday, href: "/admin/stamps", key: "stamps" },
    { label: t.overviewOrdersToday, value: ordersToday, href: "/admin/orders", key: "paid" },
    { label: t.overviewPending, value: pending, href: "/admin/orders", key: "pending" },
    { label: t.overviewRefunds, value: refunds, href: "/admin/orders", key: "refunds", alert: refunds > 0 },
    { label: t.overviewIncidents, value: state ? state.incidents.filter(isIncidentOpen).length : "—", href: "/admin/status", key: "incidents" },
    { label: t.overviewWaiting, value: state ? state.queues.reduce((sum, q) => sum + q.waiting, 0) : "—", href: "/admin/queue", key: "waiting" },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.adminTitle}</h1>
      <section aria-labelledby="overview" className="space-y-2">
        <h2 id="overview" className="text-lg font-semibold">{t.overviewTitle}</h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="admin-overview">
          {figures.map((f) => (
            <div key={f.key} className={`card ${f.alert ? "border-amber-500" : ""}`} data-testid={`overview-${f.key}`}>
              <dt className="text-sm text-slate-700"><Link href={f.href} className="underline">{f.label}</Link></dt>
              <dd className="text-2xl font-bold">{f.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ul className="grid gap-3 sm:grid-cols-2">
        {adminSections(locale).map((s) => (
          <li key={s.href}>
            <Link className="card block" href={s.href}>{s.label}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
