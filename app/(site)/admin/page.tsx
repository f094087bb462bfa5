import Link from "next/link";
import { requirePageUser } from "@/lib/auth/current-user";
import { adminMessages } from "@/lib/i18n/messages/admin";
import { getLocale } from "@/lib/i18n/locale";

export const metadata = { title: "Admin" };

export default async function AdminHome() {
  await requirePageUser(["OPERATOR"]);
  const t = adminMessages[await getLocale()];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.adminTitle}</h1>
      <ul className="grid gap-3 sm:grid-cols-2">
        <li><Link className="card block" href="/admin/users">{t.usersTitle}</Link></li>
        <li><Link className="card block" href="/admin/audit">{t.auditTitle}</Link></li>
      </ul>
    </div>
  );
}
