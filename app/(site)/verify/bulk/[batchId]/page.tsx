import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";
import { verifyMessages } from "@/lib/i18n/messages/verify";
import { getVerificationBatch, type TBatchView } from "@/lib/verification/verification-batches";
import { verifyLabels } from "../../labels";
import { BatchResults } from "./batch-results";

export const metadata = { title: "Hasil verifikasi" };
export const dynamic = "force-dynamic";

export default async function BatchPage({ params }: { params: Promise<{ batchId: string }> }) {
  const user = await requirePageUser(["VERIFIER", "OPERATOR"]);
  const { batchId } = await params;
  const locale = await getLocale();
  const t = verifyMessages[locale];
  let batch: TBatchView;
  try {
    batch = await getVerificationBatch({ userId: user.id, batchId });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <div className="space-y-6">
      <p><Link href="/verify/bulk" className="text-brand-700 underline">← {t.historyTitle}</Link></p>
      <h1 className="text-2xl font-bold">{t.resultsTitle}</h1>
      <p className="text-sm text-slate-600">{formatJakartaTime(batch.createdAt, locale)} · {user.email} · {batch.source}</p>
      <BatchResults initial={batch} t={verifyLabels(locale)} locale={locale} />
    </div>
  );
}
