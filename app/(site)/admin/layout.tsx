import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { adminMessages } from "@/lib/i18n/messages/admin";
import { getLocale } from "@/lib/i18n/locale";
import { adminSections } from "./sections";

// Every /admin page sits under this check; each page and action still re-checks (layouts do not run for actions).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = adminMessages[locale];
  return (
    <div className="space-y-6">
      <nav aria-label={t.adminTitle} className="flex flex-wrap gap-x-3 gap-y-1 border-b border-slate-200 pb-3">
        <Link href="/admin" className="font-semibold">{t.adminTitle}</Link>
        {adminSections(locale).map((l) => (
          <Link key={l.href} href={l.href} className="text-brand-700 underline">
            {l.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
