import Link from "next/link";
import { statusMessages } from "@/lib/i18n/messages/status";
import { getLocale } from "@/lib/i18n/locale";

export const metadata = { title: "Status" };

export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string; result?: string }> }) {
  const t = statusMessages[await getLocale()];
  const { token, result } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.unsubscribeTitle}</h1>
      <div role="status" aria-live="polite">
        {result === "ok" && <p className="alert-ok">{t.unsubscribed}</p>}
        {result === "invalid" && <p className="alert-error">{t.unsubscribeInvalid}</p>}
      </div>
      {!result && token && (
        <form action={`/status/unsubscribe/one-click?token=${encodeURIComponent(token)}`} method="post" className="card space-y-3">
          <p>{t.unsubscribeBody}</p>
          <button type="submit" className="btn">{t.unsubscribeButton}</button>
        </form>
      )}
      {!result && !token && <p className="alert-error">{t.unsubscribeInvalid}</p>}
      <p><Link href="/status" className="underline">{t.backToStatus}</Link></p>
    </div>
  );
}
