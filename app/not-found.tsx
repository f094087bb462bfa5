import Link from "next/link";
import { IncidentBanner } from "@/app/_components/incident-banner";
import { SiteFooter } from "@/app/_components/site-footer";
import { SiteHeader } from "@/app/_components/site-header";
import { commonMessages } from "@/lib/i18n/messages/common";
import { infoMessages } from "@/lib/i18n/messages/info";
import { getLocale } from "@/lib/i18n/locale";

export const metadata = { title: "Halaman tidak ditemukan / Page not found" };

// Every unknown address and every notFound(): the site's own header, in the reader's language, with ways on.
export default async function NotFound() {
  const locale = await getLocale();
  const c = commonMessages[locale];
  const t = infoMessages[locale];
  const links = [
    { href: "/", label: c.navHome },
    { href: "/buy", label: c.homeBuyTitle },
    { href: "/affix", label: c.homeAffixTitle },
    { href: "/verify", label: c.homeVerifyTitle },
    { href: "/status", label: c.homeStatusTitle },
    { href: "/help", label: t.footerHelp },
  ];
  return (
    <>
      <SiteHeader />
      <IncidentBanner />
      <main id="main" className="mx-auto max-w-5xl space-y-4 px-4 py-6">
        <p className="text-sm font-semibold text-slate-700">404</p>
        <h1 className="text-2xl font-bold">{c.notFoundTitle}</h1>
        <p>{t.notFoundBody}</p>
        <nav aria-labelledby="not-found-links">
          <h2 id="not-found-links" className="text-lg font-semibold">{t.notFoundLinks}</h2>
          <ul className="mt-2 space-y-1">
            {links.map((l) => (
              <li key={l.href}><Link href={l.href} className="text-brand-700 underline">{l.label}</Link></li>
            ))}
          </ul>
        </nav>
      </main>
      <SiteFooter />
    </>
  );
}
