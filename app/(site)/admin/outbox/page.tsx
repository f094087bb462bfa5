import { requirePageUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { statusAdminMessages } from "@/lib/i18n/messages/status";
import { getLocale } from "@/lib/i18n/locale";
import { formatJakartaTime } from "@/lib/status/format";
import { loadOutbox } from "@/lib/status/load-console";

export const metadata = { title: "Outbox" };

// Without SMTP_URL, e-mail for subscribers waits here so operators (and people trying the portal
// locally) can read it, confirmation links included.
export default async function OutboxPage() {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = statusAdminMessages[locale];
  const rows = await loadOutbox();
  const smtp = !!env().smtp.url;
  const state = (r: (typeof rows)[number]) => (r.deliveredAt ? t.sent : r.lastError ? t.failing : t.pending);
  // E-mail to status subscribers and account e-mail (registration confirmations) alike.
  const emails = rows.filter((r) => r.subscriber?.kind !== "WEBHOOK").map((r) => ({ ...r, to: r.subscriber?.target ?? r.recipient ?? "" }));
  const hooks = rows.flatMap((r) => (r.subscriber?.kind === "WEBHOOK" ? [{ ...r, to: r.subscriber.target }] : []));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.outboxTitle}</h1>
      <p className={smtp ? "alert-ok" : "alert-error"}>{smtp ? t.smtpOn : t.smtpOff}</p>
      {emails.length === 0 && <p className="text-slate-600">{t.none}</p>}
      <ul className="space-y-3">
        {emails.map((r) => (
          <li key={r.id} className="card space-y-1">
            <p className="text-sm text-slate-600">{formatJakartaTime(r.createdAt, locale)} · {t.to}: {r.to} · {state(r)}</p>
            <p className="font-semibold">{r.subject}</p>
            <pre className="whitespace-pre-wrap break-all text-sm">{r.body}</pre>
            {r.lastError && <p className="text-sm text-red-700">{t.lastError}: {r.lastError}</p>}
          </li>
        ))}
      </ul>
      <h2 className="text-xl font-semibold">{t.webhooks}</h2>
      <div className="overflow-x-auto">
        <table className="table">
          <thead><tr><th scope="col">{t.time}</th><th scope="col">{t.to}</th><th scope="col">{t.event}</th><th scope="col">{t.state}</th><th scope="col">{t.attempts}</th><th scope="col">{t.lastError}</th></tr></thead>
          <tbody>
            {hooks.map((r) => (
              <tr key={r.id}><td>{formatJakartaTime(r.createdAt, locale)}</td><td className="break-all">{r.to}</td><td>{r.event}</td><td>{state(r)}</td><td>{r.attempts}</td><td className="break-all">{r.lastError ?? ""}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
