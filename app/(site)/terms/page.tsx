import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/locale";
import { infoMessages } from "@/lib/i18n/messages/info";

export const metadata = { title: "Ketentuan / Terms" };

export default async function TermsPage() {
  const t = infoMessages[await getLocale()];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.termsTitle}</h1>
      <p>{t.termsIntro}</p>
      <ol className="list-decimal space-y-2 pl-6">
        <li>{t.termsDuty}</li>
        <li>{t.termsQuota}</li>
        <li>{t.termsFiles}</li>
        <li>{t.termsAbuse}</li>
        <li>{t.termsSource}</li>
      </ol>
      <p><strong>{t.operator}:</strong> {env().site.operatorName}</p>
    </div>
  );
}
