import Link from "next/link";
import { commonMessages } from "@/lib/i18n/messages/common";
import { getLocale } from "@/lib/i18n/locale";

export default async function HomePage() {
  const t = commonMessages[await getLocale()];
  const cards = [
    { href: "/buy", title: t.homeBuyTitle, body: t.homeBuyBody },
    { href: "/affix", title: t.homeAffixTitle, body: t.homeAffixBody },
    { href: "/verify", title: t.homeVerifyTitle, body: t.homeVerifyBody },
    { href: "/status", title: t.homeStatusTitle, body: t.homeStatusBody },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.siteName}</h1>
      <p className="text-slate-700">{t.tagline}</p>
      <ul className="grid gap-4 sm:grid-cols-2">
        {cards.map((c) => (
          <li key={c.href}>
            <Link href={c.href} className="card block h-full hover:border-brand-600">
              <h2 className="text-lg font-semibold text-brand-800">{c.title}</h2>
              <p className="mt-1 text-slate-700">{c.body}</p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
