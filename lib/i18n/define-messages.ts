import { readCookie } from "@/lib/http/read-cookie";

// Messages live beside their area (lib/i18n/messages/<area>.ts), Indonesian first. The English
// dictionary must have exactly the same keys: the type checker refuses a missing translation.
// An error's words are not here: they live once, with the error (lib/errors.ts or the area's
// *-errors.ts, Indonesian and English), and a page that shows the same refusal takes them from there.

export const LOCALES = ["id", "en"] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = "id";
export const LOCALE_COOKIE = "locale";

type TMessageValue = string | ((...args: never[]) => string);
export type TDictionary = Record<string, TMessageValue>;

export function defineMessages<T extends TDictionary>(messages: { id: T; en: { [K in keyof T]: T[K] } }) {
  return messages;
}

export function isLocale(value: unknown): value is TLocale {
  return value === "id" || value === "en";
}

/** The language chosen with the switcher, read from a plain request (route handlers that render HTML themselves). */
export function localeFromCookie(headers: Headers): TLocale {
  const value = readCookie(headers, LOCALE_COOKIE);
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** Picks a localized pair such as AppError's userMessage. */
export function localize(message: { id: string; en: string }, locale: TLocale): string {
  return message[locale];
}
