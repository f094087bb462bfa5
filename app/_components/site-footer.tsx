import Link from "next/link";
import { env } from "@/lib/env";
import { commonMessages } from "@/lib/i18n/messages/common";
import { infoMessages } from "@/lib/i18n/messages/info";
import { getLocale } from "@/lib/i18n/locale";

/** Who runs the service, and the pages for help, privacy, terms and status: on every page. */
export async function SiteFooter() {
  const locale = await getLocale();
  const t = infoMessages[locale];
  const c = commonMessages[locale];
  const links = [
    { href: "/help", label: t.footerHelp },
    { href: "/privacy", label: t.footerPrivacy },
    { href: "/terms", label: t.footerTerms },
    { href: "/status", label: t.footerStatus },
  ];
  return (
    <footer className="mx-auto max-w-5xl space-y-2 border-t border-slate-200 px-4 py-6 text-sm text-slate-700">
      <nav aria-label={t.footerNav}>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {links.map((l) => (
            <li key={l.href}><Link href={l.href} className="text-brand-700 underline">{l.label}</Link></li>
          ))}
        </ul>
      </nav>
      <p data-testid="operator">{t.footerRunBy(env().site.operatorName)} {c.footerNote}</p>
    </footer>
  );
}
