import type { TLocale } from "@/lib/i18n/define-messages";

/** A plain form, so switching language works without JavaScript and on the status page. */
export function LanguageSwitcher({ locale, label, backTo }: { locale: TLocale; label: string; backTo: string }) {
  const other: TLocale = locale === "id" ? "en" : "id";
  return (
    <form action="/locale" method="post" className="inline">
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="back" value={backTo} />
      <button type="submit" className="rounded px-2 py-1 text-sm underline underline-offset-2 hover:bg-white/10" title={label} lang={other}>
        {other === "en" ? "English" : "Bahasa Indonesia"}
      </button>
    </form>
  );
}
