import Link from "next/link";
import { headers } from "next/headers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { commonMessages } from "@/lib/i18n/messages/common";
import { getLocale } from "@/lib/i18n/locale";
import { LanguageSwitcher } from "./language-switcher";

export async function SiteHeader() {
  const locale = await getLocale();
  const t = commonMessages[locale];
  const user = await getCurrentUser();
  const path = (await headers()).get("x-pathname") ?? "/";
  const links = [
    { href: "/buy", label: t.navBuy },
    { href: "/affix", label: t.navAffix },
    { href: "/verify", label: t.navVerify },
    { href: "/status", label: t.navStatus },
  ];
  return (
    <header className="site-header bg-brand-800 text-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
        {t.skipToContent}
      </a>
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight">
          {t.siteName}
        </Link>
        <nav aria-label={t.mainNavigation} className="order-3 w-full sm:order-none sm:w-auto">
          <ul className="flex flex-wrap gap-1">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} className="block rounded px-2 py-1 hover:bg-white/10" aria-current={path.startsWith(l.href) ? "page" : undefined}>
                  {l.label}
                </Link>
              </li>
            ))}
            {user?.role === "OPERATOR" && (
              <li>
                <Link href="/admin" className="block rounded px-2 py-1 hover:bg-white/10">
                  {t.navAdmin}
                </Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          {user ? (
            <>
              <Link href="/account" className="rounded px-2 py-1 hover:bg-white/10">
                {t.navAccount}
              </Link>
              <form action="/sign-out" method="post">
                <button type="submit" className="rounded px-2 py-1 hover:bg-white/10">
                  {t.navSignOut}
                </button>
              </form>
            </>
          ) : (
            <>
              <Link href="/sign-in" className="rounded px-2 py-1 hover:bg-white/10">
                {t.navSignIn}
              </Link>
              <Link href="/register" className="rounded bg-white px-2 py-1 font-semibold text-brand-800">
                {t.navRegister}
              </Link>
            </>
          )}
          <LanguageSwitcher locale={locale} label={t.language} backTo={path} />
        </div>
      </div>
    </header>
  );
}
