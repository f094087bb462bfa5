// Times are shown in Asia/Jakarta with the zone named (WIB), whatever the reader's or the server's zone:
// the deadline that matters to applicants is a Jakarta one.
import type { TLocale } from "./define-messages";

export const TIME_ZONE = "Asia/Jakarta";

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

/** "27 Nov 2026 18.05 WIB" / "27 Nov 2026, 18:05 WIB". */
export function formatJakartaTime(at: string | Date, locale: TLocale) {
  return `${formatter(locale, true).format(new Date(at))} WIB`;
}

/** A calendar day ("2026-11-27") as "27 Nov 2026". */
export function formatJakartaDate(day: string, locale: TLocale) {
  return formatter(locale, false).format(new Date(`${day}T12:00:00+07:00`));
}

const clockFormatters = new Map<TLocale, Intl.DateTimeFormat>();

/**
 * "18.05.09 WIB" / "18:05:09 WIB". The formatter is made once per locale: building one, which
 * toLocaleTimeString does on every call (~0.2 ms), was 8% of the server's CPU in the surge benchmark.
 */
export function formatJakartaClock(at: string | Date, locale: TLocale) {
  let f = clockFormatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "id" ? "id-ID" : "en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit" });
    clockFormatters.set(locale, f);
  }
  return `${f.format(new Date(at))} WIB`;
}
