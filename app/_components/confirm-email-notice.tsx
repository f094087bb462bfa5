import { resendConfirmationAction } from "@/app/(site)/account/actions";
import { ActionForm } from "@/app/_components/action-form";
import { accountMessages } from "@/lib/i18n/messages/account";
import type { TLocale } from "@/lib/i18n/define-messages";

/** Shown to an account whose address is not confirmed yet, where it would buy or affix. */
export function ConfirmEmailNotice({ email, locale }: { email: string; locale: TLocale }) {
  const t = accountMessages[locale];
  return (
    <section className="alert-error space-y-2" data-testid="confirm-email-notice" aria-labelledby="confirm-email-title">
      <h2 id="confirm-email-title" className="font-semibold">{t.unconfirmedTitle}</h2>
      <p>
        <strong>{email}</strong>: {t.unconfirmedBody}
      </p>
      <ActionForm action={resendConfirmationAction} submitLabel={t.resendLink} className="space-y-2">
        {null}
      </ActionForm>
    </section>
  );
}
