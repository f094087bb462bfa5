import Link from "next/link";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { requirePageUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/client";
import { adminMessages } from "@/lib/i18n/messages/admin";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";

export const metadata = { title: "Admin · Audit" };
const PAGE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = adminMessages[locale];
  const before = Number((await searchParams).before) || undefined;
  const [report, entries] = await Promise.all([
    verifyAuditChain(),
    db().auditEntry.findMany({ where: before ? { seq: { lt: before } } : {}, orderBy: { seq: "desc" }, take: PAGE }),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.auditTitle}</h1>
      <p role="status" data-testid="audit-chain" className={report.intact ? "alert-ok" : "alert-error"}>
        {report.intact ? `✔ ${t.auditIntact}` : `✖ ${t.auditBroken}: ${t.auditBrokenAt} #${report.brokenAtSeq} (${t[`auditProblem_${report.problem}`]})`} · {report.entries} {t.auditEntries}
      </p>
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th><th scope="col">{t.time}</th><th scope="col">{t.actor}</th><th scope="col">{t.action}</th><th scope="col">{t.target}</th><th scope="col">{t.hash}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td className="whitespace-nowrap"><time dateTime={e.at.toISOString()}>{formatJakartaTime(e.at, locale, { seconds: true })}</time></td>
                <td>{e.actorLabel}</td>
                <td><code>{e.action}</code></td>
                <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : ""}</td>
                <td>{e.hash ? <code title={e.hash}>{e.hash.slice(0, 12)}…</code> : "…"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === PAGE && (
        <Link className="btn-secondary" href={`/admin/audit?before=${entries[entries.length - 1].seq}`}>{t.older}</Link>
      )}
    </div>
  );
}
