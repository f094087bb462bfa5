import Link from "next/link";
import { statusMessages } from "@/lib/i18n/messages/status";
import { getLocale } from "@/lib/i18n/locale";

export const metadata = { title: "Status" };

// Confirming takes a button press (a POST), so a mail scanner that opens the link confirms nothing.
export default async function ConfirmSubscriptionPage({ searchParams }: { searchParams: Promise<{ token?: string; result?: string }> }) {
  const t = statusMessages[await getLocale()];
  const { token, result } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.confirmTitle}</h1>
      <div role="status" aria-live="polite">
        {result === "ok" && <p className="alert-ok">{t.confirmed}</p>}
        {result === "invalid" && <p className="alert-error">{t.confirmInvalid}</p>}
      </div>
      {!result && token && (
        <form action="/status/confirm/submit" method="post" className="card space-y-3">
          <p>{t.confirmBody}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="btn">{t.confirmButton}</button>
        </form>
      )}
      {!result && !token && <p className="alert-error">{t.confirmInvalid}</p>}
      <p><Link href="/status" className="underline">{t.backToStatus}</Link></p>
    </div>
  );
}
