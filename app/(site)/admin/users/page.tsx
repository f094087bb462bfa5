import { requirePageUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/client";
import { accountMessages } from "@/lib/i18n/messages/account";
import { adminMessages } from "@/lib/i18n/messages/admin";
import { formatJakartaTime } from "@/lib/i18n/format-time";
import { getLocale } from "@/lib/i18n/locale";
import { CreateUserForm } from "./create-user-form";

export const metadata = { title: "Admin · Akun" };

export default async function AdminUsersPage() {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = adminMessages[locale];
  const a = accountMessages[locale];
  const staff = await db().user.findMany({
    where: { role: { in: ["VERIFIER", "OPERATOR"] } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, email: true, role: true, createdAt: true },
  });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.usersTitle}</h1>
      <section className="card max-w-md space-y-3">
        <h2 className="text-lg font-semibold">{t.createUserTitle}</h2>
        <CreateUserForm labels={{ email: a.email, password: a.password, role: a.role, verifier: a.role_VERIFIER, operator: a.role_OPERATOR, submit: t.createUser, name: a.name }} />
      </section>
      <div className="overflow-x-auto">
        <table className="table">
          <thead>
            <tr><th scope="col">{a.email}</th><th scope="col">{a.role}</th><th scope="col">{a.createdAt}</th></tr>
          </thead>
          <tbody>
            {staff.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{a[`role_${u.role}` as "role_VERIFIER"] ?? u.role}</td>
                <td>{formatJakartaTime(u.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
