import Link from "next/link";
import { headers } from "next/headers";
import { LanguageSwitcher } from "@/app/_components/language-switcher";
import { commonMessages } from "@/lib/i18n/messages/common";
import { statusMessages } from "@/lib/i18n/messages/status";
import { getLocale } from "@/lib/i18n/locale";

// The status area's own lean layout: unlike app/(site) it never reads the database (no current-user
// lookup), so its pages answer while the database is down.
export default async function StatusLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const c = commonMessages[locale];
  const t = statusMessages[locale];
  const path = (await headers()).get("x-pathname") ?? "/status";
  return (
    <>
      <header className="bg-brand-800 text-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight">{c.siteName}</Link>
          <Link href="/" className="underline">{t.home}</Link>
          <Link href="/status" className="underline">{t.title}</Link>
          <span className="ml-auto"><LanguageSwitcher locale={locale} label={c.language} backTo={path} /></span>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl px-4 py-6">{children}</main>
    </>
  );
}
