import { requirePageUser } from "@/lib/auth/current-user";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { db } from "@/lib/db/client";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { ZSerials } from "@/lib/stamps/affix-request";
import { affixMessages } from "@/lib/i18n/messages/affix";
import { getLocale } from "@/lib/i18n/locale";

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
      {jobs.length === 0 ? (
        <p>{t.historyEmpty}</p>
      ) : (
        <div className="sm:overflow-x-auto">
          <table className="table table-stack">
            <thead>
              <tr>
                <th scope="col">{t.stampedAt}</th>
                <th scope="col">{t.file}</th>
                <th scope="col">{t.documentType}</th>
                <th scope="col">{t.serials}</th>
                <th scope="col">{t.available}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-testid="history-row">
                  <td className="sm:whitespace-nowrap" data-label={t.stampedAt}>{job.completedAt ? fmt(job.completedAt) : ""}</td>
                  <td data-label={t.file} className="break-all">{job.fileName}</td>
                  <td data-label={t.documentType}>{job.documentType} {job.documentNumber}</td>
                  <td data-label={t.serials}>{readStoredJsonOr(ZSerials, job.serials, []).map((s) => <code key={s} className="block font-mono text-xs">{s}</code>)}</td>
                  <td data-label={t.download}>
                    {job.expiresAt && job.expiresAt > now ? (
                      <a className="text-brand-700 underline" href={`/affix/files/${job.id}`}>
                        {t.available}
                        <span className="block text-xs text-slate-600">{t.availableUntil} {fmt(job.expiresAt)}</span>
                      </a>
                    ) : (
                      <span className="text-slate-600">{t.expired}</span>
                    )}
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
