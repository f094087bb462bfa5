import Link from "next/link";
import { requestIp } from "@/lib/auth/current-user";
import { commonErrors, isAppError } from "@/lib/errors";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";
import { verifyMessages } from "@/lib/i18n/messages/verify";
import { hit, limits } from "@/lib/rate-limit";
import { lookupSerial, type TPublicStamp } from "@/lib/verification/lookup-serial";
import { verdictTexts } from "@/lib/verification/verdict-texts";

export const metadata = { title: "e-Meterai" };
export const dynamic = "force-dynamic";

// The QR code's URL: the registry's status of one serial, rate-limited per IP. Never the owner.
export default async function SerialPage({ params }: { params: Promise<{ serial: string }> }) {
  const { serial } = await params;
  const locale = await getLocale();
  const t = verifyMessages[locale];
  let stamp: TPublicStamp | null = null;
  let error: string | null = null;
  const allowed = hit(`public-lookup:${await requestIp()}`, limits.publicLookupPerIp);
  try {
    if (!allowed.allowed) throw commonErrors.rateLimited(allowed.retryAfterSeconds);
    stamp = await lookupSerial({ serial: decodeURIComponent(serial) });
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.userMessage[locale];
  }
  const revoked = stamp?.status === "REVOKED";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.title}</h1>
      <div role="status" aria-live="polite">
        {error && <p className="alert-error">{error}</p>}
        {stamp && (
          <section className="card space-y-3">
            <h2 className={`text-xl font-bold ${revoked ? "text-red-800" : "text-green-800"}`}>{t[`stampStatus_${stamp.status}`]}</h2>
            <dl className="grid gap-2 sm:grid-cols-[12rem_1fr]">
              <dt className="font-semibold">{t.serial}</dt>
              <dd className="font-mono">{stamp.serial}</dd>
              <dt className="font-semibold">{t.affixedAt}</dt>
              <dd>{formatJakartaTime(stamp.affixedAt, locale, { seconds: true })}</dd>
              <dt className="font-semibold">{t.page}</dt>
              <dd>{stamp.page}</dd>
              <dt className="font-semibold">{t.documentHash}</dt>
              <dd className="break-all font-mono text-xs">{stamp.signedRevisionSha256}</dd>
              {revoked && (
                <>
                  <dt className="font-semibold">{t.revokedAt}</dt>
                  <dd>{stamp.revokedAt ? formatJakartaTime(stamp.revokedAt, locale, { seconds: true }) : "—"}</dd>
                  <dt className="font-semibold">{t.revokedReason}</dt>
                  <dd>{stamp.revokedReason ?? "—"}</dd>
                </>
              )}
            </dl>
            {revoked ? <p>{verdictTexts(locale).REVOKED.meaning} {verdictTexts(locale).REVOKED.advice}</p> : <p>{t.serialNote}</p>}
          </section>
        )}
      </div>
      <p>
        <Link href="/verify" className="text-brand-700 underline">{t.uploadTitle}</Link>
      </p>
    </div>
  );
}
