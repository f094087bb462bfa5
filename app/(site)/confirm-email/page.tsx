import { ActionForm } from "@/app/_components/action-form";
import { accountMessages } from "@/lib/i18n/messages/account";
import { getLocale } from "@/lib/i18n/locale";
import { confirmEmailAction } from "./actions";

export const metadata = { title: "Konfirmasi e-mail / Confirm e-mail" };

// The link from the registration e-mail. Nothing happens on opening it (mail scanners open links):
// the person confirms with the password they chose.
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const t = accountMessages[await getLocale()];
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t.confirmTitle}</h1>
      {typeof token === "string" && token ? (
        <>
          <p className="text-slate-700">{t.confirmIntro}</p>
          <ActionForm action={confirmEmailAction} submitLabel={t.confirmSubmit}>
            <input type="hidden" name="token" value={token} />
            <div>
              <label htmlFor="password" className="label">{t.password}</label>
              <input id="password" name="password" type="password" autoComplete="current-password" required className="field" />
            </div>
          </ActionForm>
        </>
      ) : (
        <p className="alert-error">{t.confirmMissingToken}</p>
      )}
    </div>
  );
}
