import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { adminMessages } from "@/lib/i18n/messages/admin";
import { getLocale } from "@/lib/i18n/locale";
import { adminSections } from "./sections";

export const metadata = { title: "Admin" };

export default async function AdminHome() {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{adminMessages[locale].adminTitle}</h1>
      <ul className="grid gap-3 sm:grid-cols-2">
        {adminSections(locale).map((s) => (
          <li key={s.href}>
            <Link className="card block" href={s.href}>{s.label}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
