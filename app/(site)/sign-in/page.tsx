import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { accountMessages } from "@/lib/i18n/messages/account";
import { getLocale } from "@/lib/i18n/locale";
import { signInAction } from "./actions";

export const metadata = { title: "Masuk / Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const t = accountMessages[await getLocale()];
  const { next } = await searchParams;
  if (await getCurrentUser()) redirect("/account");
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t.signInTitle}</h1>
      <ActionForm action={signInAction} submitLabel={t.submitSignIn}>
        <input type="hidden" name="next" value={next ?? ""} />
        <div>
          <label htmlFor="email" className="label">{t.email}</label>
          <input id="email" name="email" type="email" autoComplete="username" required className="field" />
        </div>
        <div>
          <label htmlFor="password" className="label">{t.password}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required className="field" />
        </div>
      </ActionForm>
      <p>
        {t.noAccount} <Link href="/register" className="text-brand-700 underline">{t.submitRegister}</Link>
      </p>
    </div>
  );
}
