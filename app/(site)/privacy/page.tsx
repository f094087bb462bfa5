import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/locale";
import { infoMessages } from "@/lib/i18n/messages/info";

export const metadata = { title: "Privasi / Privacy" };

export default async function PrivacyPage() {
  const t = infoMessages[await getLocale()];
  const { site, retentionDays } = env();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.privacyTitle}</h1>
      <p>{t.privacyIntro}</p>
      <ul className="list-disc space-y-2 pl-6">
        <li>{t.privacyAccount}</li>
        <li>{t.privacyOrders}</li>
        <li>{t.privacyDocuments(retentionDays)}</li>
        <li>{t.privacyVerify}</li>
        <li>{t.privacyAudit}</li>
      </ul>
      <p><strong>{t.operator}:</strong> {site.operatorName}</p>
    </div>
  );
}
