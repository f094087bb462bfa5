import type { TLocale } from "@/lib/i18n/define-messages";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { describeReason } from "@/lib/verification/describe-reason";
import type { TFileResult } from "@/lib/verification/file-result";
import type { TVerifyLabels } from "./labels";


/** One document's verdict: what it means, what to do, the reason, and each stamp (never anything personal). */
export function ResultCard({ result, t, locale }: { result: TFileResult; t: TVerifyLabels; locale: TLocale }) {
  const good = result.verdict === "VALID";
  return (
    <section className="card space-y-3" aria-labelledby="verdict-heading" data-registry-consulted={String(result.registryConsulted)} data-file={result.file} data-reason={result.reason.code}>
      <h2 id="verdict-heading" className={`text-xl font-bold ${good ? "text-green-800" : "text-red-800"}`} data-verdict={result.verdict}>
        {t.verdict}: {t.verdicts[result.verdict].label}
      </h2>
      <dl className="grid gap-2 sm:grid-cols-[12rem_1fr]">
        <dt className="font-semibold">{t.whatItMeans}</dt>
        <dd>{t.verdicts[result.verdict].meaning}</dd>
        <dt className="font-semibold">{t.whatToDo}</dt>
        <dd>{t.verdicts[result.verdict].advice}</dd>
        <dt className="font-semibold">{t.technical}</dt>
        <dd className="text-sm">
          <code>{result.reason.code}</code> — {describeReason(result.reason, locale)}
        </dd>
        <dt className="font-semibold">{t.documentHash}</dt>
        <dd className="break-all font-mono text-xs">{result.sha256}</dd>
      </dl>
      {!result.registryConsulted && result.stamps.length > 0 && <p className="alert-error">{t.registryOffline}</p>}
      {result.stamps.length > 0 && (
        <div className="overflow-x-auto">
          <table className="table">
            <caption className="text-left font-semibold">{t.stampsTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{t.serial}</th>
                <th scope="col">{t.verdict}</th>
                <th scope="col">{t.signedAt}</th>
                <th scope="col">{t.page}</th>
              </tr>
            </thead>
            <tbody>
              {result.stamps.map((s, i) => (
                <tr key={`${s.serial}-${i}`}>
                  <td className="font-mono">{s.serial ?? "—"}</td>
                  <td>
                    {t.verdicts[s.verdict].label}
                    {s.verdict === "REVOKED" && s.revokedAt && <div className="text-sm">{t.revokedAt}: {formatJakartaTime(s.revokedAt, locale)}{s.revokedReason ? ` — ${s.revokedReason}` : ""}</div>}
                    {s.verdict === "MODIFIED_AFTER_STAMP" && s.changedPages.length > 0 && <div className="text-sm">{t.changedPages}: {s.changedPages.join(", ")}</div>}
                  </td>
                  <td>{s.signedAt ? formatJakartaTime(s.signedAt, locale, { seconds: true }) : "—"}</td>
                  <td>{s.page ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
