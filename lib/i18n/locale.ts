import "server-only";
import { cookies } from "next/headers";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type TDictionary, type TLocale } from "./define-messages";

export async function getLocale(): Promise<TLocale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** The dictionary of this request's language for one area's messages. */
export async function getMessages<T extends TDictionary>(messages: { id: T; en: T }): Promise<T> {
  return messages[await getLocale()];
}
