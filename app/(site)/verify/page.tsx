import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale } from "@/lib/i18n/locale";
import { verifyMessages } from "@/lib/i18n/messages/verify";
import { normalizeSerial } from "@/lib/pdf/serial";
import { verifyLabels } from "./labels";
import { VerifyUpload } from "./verify-upload";

export const metadata = { title: "Verifikasi e-Meterai" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ serial?: string }> }) {
  const { serial } = await searchParams;
  if (serial && serial.trim()) redirect(`/v/${encodeURIComponent(normalizeSerial(serial).slice(0, 40))}`);
  const locale = await getLocale();
  const t = verifyMessages[locale];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.title}</h1>
      <p>{t.intro}</p>
      <section className="card space-y-3" aria-labelledby="upload-title">
        <h2 id="upload-title" className="text-lg font-semibold">{t.uploadTitle}</h2>
        <VerifyUpload t={verifyLabels(locale)} locale={locale} />
        <p className="text-sm text-slate-600">{t.rateLimitNote}</p>
      </section>
      <section className="card space-y-3" aria-labelledby="serial-title">
        <h2 id="serial-title" className="text-lg font-semibold">{t.serialTitle}</h2>
        <form method="get" action="/verify" className="flex flex-wrap items-end gap-2">
          <div className="grow">
            <label htmlFor="serial" className="label">{t.serialLabel}</label>
            <input id="serial" name="serial" className="field font-mono" autoComplete="off" spellCheck={false} maxLength={40} required />
          </div>
          <button type="submit" className="btn btn-secondary">{t.serialButton}</button>
        </form>
      </section>
      <p>
        <Link href="/verify/bulk" className="text-brand-700 underline">{t.bulkLink}</Link>
      </p>
    </div>
  );
}
