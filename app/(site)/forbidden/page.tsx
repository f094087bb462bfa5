import Link from "next/link";
import { commonMessages } from "@/lib/i18n/messages/common";
import { getLocale } from "@/lib/i18n/locale";

export default async function ForbiddenPage() {
  const t = commonMessages[await getLocale()];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t.forbiddenTitle}</h1>
      <p>{t.forbiddenBody}</p>
      <Link href="/" className="btn-secondary">
        {t.backHome}
      </Link>
    </div>
  );
}
