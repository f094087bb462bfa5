import Link from "next/link";
import { ActionForm } from "@/app/_components/action-form";
import { accountMessages } from "@/lib/i18n/messages/account";
import { getLocale } from "@/lib/i18n/locale";
import { registerAction } from "./actions";

export const metadata = { title: "Daftar / Register" };

export default async function RegisterPage() {
  const t = accountMessages[await getLocale()];
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t.registerTitle}</h1>
      <ActionForm action={registerAction} submitLabel={t.submitRegister}>
        <div>
          <label htmlFor="email" className="label">{t.email}</label>
          <input id="email" name="email" type="email" autoComplete="email" required className="field" />
        </div>
        <div>
          <label htmlFor="password" className="label">{t.password}</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} aria-describedby="password-hint" className="field" />
          <p id="password-hint" className="mt-1 text-sm text-slate-600">{t.passwordHint}</p>
        </div>
        <div>
          <label htmlFor="phone" className="label">{t.phone}</label>
          <input id="phone" name="phone" type="tel" autoComplete="tel" className="field" />
        </div>
      </ActionForm>
      <p>
        {t.haveAccount} <Link href="/sign-in" className="text-brand-700 underline">{t.submitSignIn}</Link>
      </p>
    </div>
  );
}
