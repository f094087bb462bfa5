import Link from "next/link";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/locale";
import { infoMessages } from "@/lib/i18n/messages/info";

export const metadata = { title: "Bantuan / Help" };

export default async function HelpPage() {
  const t = infoMessages[await getLocale()];
  const { operatorName, supportEmail } = env().site;
  const questions = [
    { title: t.helpQuotaTitle, body: t.helpQuotaBody, href: "/orders" },
    { title: t.helpAffixTitle, body: t.helpAffixBody, href: "/affix/history" },
    { title: t.helpSizeTitle, body: t.helpSizeBody, href: "/affix" },
    { title: t.helpRefundTitle, body: t.helpRefundBody, href: "/orders" },
    { title: t.helpStatusTitle, body: t.helpStatusBody, href: "/status" },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.helpTitle}</h1>
      <p>{t.helpIntro}</p>
      {questions.map((q) => (
        <section key={q.title} className="card space-y-1">
          <h2 className="text-lg font-semibold"><Link href={q.href} className="text-brand-800 underline">{q.title}</Link></h2>
          <p>{q.body}</p>
        </section>
      ))}
      <section className="card space-y-2" aria-labelledby="contact">
        <h2 id="contact" className="text-lg font-semibold">{t.contactTitle}</h2>
        <dl className="grid gap-1 sm:grid-cols-[10rem_1fr]">
          <dt className="font-semibold">{t.operator}</dt>
          <dd>{operatorName}</dd>
          {supportEmail && (
            <>
              <dt className="font-semibold">{t.contactEmail}</dt>
              <dd><a href={`mailto:${supportEmail}`} className="text-brand-700 underline">{supportEmail}</a></dd>
            </>
          )}
        </dl>
        <p>{supportEmail ? t.contactInclude : t.contactNone}</p>
      </section>
    </div>
  );
}
