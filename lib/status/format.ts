// Times on the status page are always shown in Asia/Jakarta with the zone named (WIB), whatever the
// reader's or the server's zone.
import type { TLocale } from "@/lib/i18n/define-messages";
import { TIME_ZONE } from "./catalog";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: TLocale, withTime: boolean) {
  const key = `${locale}:${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "id" ? "id-ID" : "en-GB", {
      timeZone: TIME_ZONE,
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function formatJakartaTime(at: string | Date, locale: TLocale) {
  return `${formatter(locale, true).format(new Date(at))} WIB`;
}

export function formatJakartaDate(day: string, locale: TLocale) {
  return formatter(locale, false).format(new Date(`${day}T12:00:00+07:00`));
}

export function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
