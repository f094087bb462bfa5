import { SiteHeader } from "@/app/_components/site-header";
import { commonMessages } from "@/lib/i18n/messages/common";
import { getLocale } from "@/lib/i18n/locale";

export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const t = commonMessages[await getLocale()];
  return (
    <>
      <SiteHeader />
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        {children}
      </main>
      <footer className="mx-auto max-w-5xl px-4 pb-8 text-sm text-slate-600">{t.footerNote}</footer>
    </>
  );
}
