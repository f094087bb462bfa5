import { requirePageUser } from "@/lib/auth/current-user";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { db } from "@/lib/db/client";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { ZSerials } from "@/lib/stamps/affix-request";
import { affixMessages } from "@/lib/i18n/messages/affix";
import { getLocale } from "@/lib/i18n/locale";
import { DataTable } from "@/app/_components/data-table";

export const metadata = { title: "Riwayat / History" };

export default async function AffixHistoryPage() {
  const user = await requirePageUser();
  const locale = await getLocale();
  const t = affixMessages[locale];
  // Only the signed-in user's own jobs: the filter is the authorization.
  const jobs = await db().affixJob.findMany({
    where: { userId: user.id, status: "COMPLETED" },
    orderBy: { completedAt: "desc" },
    take: 100,
    select: { id: true, fileName: true, serials: true, completedAt: true, expiresAt: true, documentType: true, documentNumber: true },
  });
  const fmt = (d: Date) => formatJakartaTime(d, locale);
  const now = new Date();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.historyTitle}</h1>
      <DataTable
        stack
        rows={jobs}
        rowKey={(job) => job.id}
        rowTestId="history-row"
        empty={<p>{t.historyEmpty}</p>}
        columns={[
          { header: t.stampedAt, className: "sm:whitespace-nowrap", cell: (job) => (job.completedAt ? fmt(job.completedAt) : "") },
          { header: t.file, className: "break-all", cell: (job) => job.fileName },
          { header: t.documentType, cell: (job) => <>{job.documentType} {job.documentNumber}</> },
          { header: t.serials, cell: (job) => readStoredJsonOr(ZSerials, job.serials, []).map((s) => <code key={s} className="block font-mono text-xs">{s}</code>) },
          {
            header: t.available,
            label: t.download,
            cell: (job) =>
              job.expiresAt && job.expiresAt > now ? (
                <a className="text-brand-700 underline" href={`/affix/files/${job.id}`}>
                  {t.available}
                  <span className="block text-xs text-slate-600">{t.availableUntil} {fmt(job.expiresAt)}</span>
                </a>
              ) : (
                <span className="text-slate-600">{t.expired}</span>
              ),
          },
        ]}
      />
    </div>
  );
}
