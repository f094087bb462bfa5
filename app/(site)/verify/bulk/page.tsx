import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";
import { verifyMessages } from "@/lib/i18n/messages/verify";
import { listVerificationBatches } from "@/lib/verification/verification-batches";
import { verifyLabels } from "../labels";
import { BrowserBulk } from "./browser-bulk";
import { BulkUpload } from "./bulk-upload";

export const metadata = { title: "Verifikasi massal" };
export const dynamic = "force-dynamic";

export default async function BulkVerifyPage() {
  const user = await requirePageUser(["VERIFIER", "OPERATOR"]);
  const locale = await getLocale();
  const t = verifyMessages[locale];
  const { maxFiles, maxBytes } = env().verifyBatch;
  const limitsText = t.bulkLimits(maxFiles, Math.round(maxBytes / 1024 / 1024));
  const batches = await listVerificationBatches({ userId: user.id });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.bulkTitle}</h1>
      <p>{t.bulkIntro}</p>
      {/* In the browser by default; the server upload is the fallback (and what the API does). */}
      <BrowserBulk
        t={verifyLabels(t)}
        locale={locale}
        limits={{ maxFiles, maxBytes, maxEntryBytes: maxBytes }}
        tooManyText={t.bulkTooMany(maxFiles)}
        limitsText={limitsText}
        fallback={<BulkUpload t={verifyLabels(t)} limitsText={limitsText} />}
      />
      <section className="space-y-2" aria-labelledby="history-title">
        <h2 id="history-title" className="text-lg font-semibold">{t.historyTitle}</h2>
        {batches.length === 0 ? (
          <p>{t.historyEmpty}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t.created}</th>
                  <th scope="col">{t.source}</th>
                  <th scope="col">{t.files}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.summary}</th>
                  <th scope="col"><span className="sr-only">{t.open}</span></th>
                </tr>
              </thead>
              <tbody>
                {batches.map((b) => (
                  <tr key={b.id}>
                    <td>{formatJakartaTime(b.createdAt, locale)}</td>
                    <td>{b.source}</td>
                    <td>{b.doneCount}/{b.fileCount}</td>
                    <td>{b.status === "DONE" ? t.done : b.status === "FAILED" ? t.failed : t.processing}</td>
                    <td className="text-sm">{Object.entries(b.summary).map(([v, n]) => `${t[`verdict_${v}` as "verdict_VALID"] ?? v}: ${n}`).join(" · ")}</td>
                    <td><Link className="text-brand-700 underline" href={`/verify/bulk/${b.id}`}>{t.open}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
