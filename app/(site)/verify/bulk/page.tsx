import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";
import { verifyMessages } from "@/lib/i18n/messages/verify";
import { verdictTexts } from "@/lib/verification/verdict-texts";
import { VERDICTS } from "@/lib/verification/verdicts";
import { listVerificationBatches } from "@/lib/verification/verification-batches";
import { verifyLabels } from "../labels";
import { DataTable } from "@/app/_components/data-table";
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
  const verdicts = verdictTexts(locale);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.bulkTitle}</h1>
      <p>{t.bulkIntro}</p>
      {/* In the browser by default; the server upload is the fallback (and what the API does). */}
      <BrowserBulk
        t={verifyLabels(locale)}
        locale={locale}
        limits={{ maxFiles, maxBytes, maxEntryBytes: maxBytes }}
        tooManyText={t.bulkTooMany(maxFiles)}
        limitsText={limitsText}
        fallback={<BulkUpload t={verifyLabels(locale)} limitsText={limitsText} />}
      />
      <section className="space-y-2" aria-labelledby="history-title">
        <h2 id="history-title" className="text-lg font-semibold">{t.historyTitle}</h2>
        <DataTable
          rows={batches}
          rowKey={(b) => b.id}
          empty={<p>{t.historyEmpty}</p>}
          columns={[
            { header: t.created, cell: (b) => formatJakartaTime(b.createdAt, locale) },
            { header: t.source, cell: (b) => b.source },
            { header: t.files, cell: (b) => `${b.doneCount}/${b.fileCount}` },
            { header: t.status, cell: (b) => (b.status === "DONE" ? t.done : b.status === "FAILED" ? t.failed : t.processing) },
            { header: t.summary, className: "text-sm", cell: (b) => VERDICTS.filter((v) => b.summary[v]).map((v) => `${verdicts[v].label}: ${b.summary[v]}`).join(" · ") },
            { header: <span className="sr-only">{t.open}</span>, cell: (b) => <Link className="text-brand-700 underline" href={`/verify/bulk/${b.id}`}>{t.open}</Link> },
          ]}
        />
      </section>
    </div>
  );
}
