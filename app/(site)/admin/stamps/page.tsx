import { requirePageUser } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";
import { verifyMessages } from "@/lib/i18n/messages/verify";
import { lookupSerial, type TPublicStamp } from "@/lib/verification/lookup-serial";
import { RevokeForm } from "./revoke-form";

export const metadata = { title: "Admin · e-Meterai" };
export const dynamic = "force-dynamic";

// Operators look up a serial and revoke it with a reason (audited in lib/verification/revoke-stamp.ts).
export default async function AdminStampsPage({ searchParams }: { searchParams: Promise<{ serial?: string }> }) {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = verifyMessages[locale];
  const en = locale === "en";
  const { serial } = await searchParams;
  let stamp: TPublicStamp | null = null;
  let error: string | null = null;
  if (serial) {
    try {
      stamp = await lookupSerial({ serial });
    } catch (e) {
      if (!isAppError(e)) throw e;
      error = e.userMessage[locale];
    }
  }
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{en ? "Stamps: look up and revoke" : "Meterai: cari dan cabut"}</h1>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <div className="grow">
          <label htmlFor="admin-serial" className="label">{t.serialLabel}</label>
          <input id="admin-serial" name="serial" defaultValue={serial ?? ""} className="field font-mono" required maxLength={40} />
        </div>
        <button type="submit" className="btn btn-secondary">{t.serialButton}</button>
      </form>
      <div role="status" aria-live="polite">{error && <p className="alert-error">{error}</p>}</div>
      {stamp && (
        <section className="card space-y-3">
          <dl className="grid gap-2 sm:grid-cols-[12rem_1fr]">
            <dt className="font-semibold">{t.serial}</dt>
            <dd className="font-mono">{stamp.serial}</dd>
            <dt className="font-semibold">{t.status}</dt>
            <dd>{t[`stampStatus_${stamp.status}`]}</dd>
            <dt className="font-semibold">{t.affixedAt}</dt>
            <dd>{formatJakartaTime(stamp.affixedAt, locale, { seconds: true })}</dd>
            <dt className="font-semibold">{t.page}</dt>
            <dd>{stamp.page}</dd>
            {stamp.status === "REVOKED" && (
              <>
                <dt className="font-semibold">{t.revokedAt}</dt>
                <dd>{stamp.revokedAt ? formatJakartaTime(stamp.revokedAt, locale, { seconds: true }) : "—"}</dd>
                <dt className="font-semibold">{t.revokedReason}</dt>
                <dd>{stamp.revokedReason}</dd>
              </>
            )}
          </dl>
          {stamp.status === "ACTIVE" && (
            <RevokeForm
              serial={stamp.serial}
              labels={{
                reason: t.revokedReason,
                reasonHint: en ? "Shown publicly with the serial: write no personal data." : "Ditampilkan publik bersama nomor seri: jangan tulis data pribadi.",
                submit: en ? "Revoke serial" : "Cabut nomor seri",
              }}
            />
          )}
        </section>
      )}
    </div>
  );
}
