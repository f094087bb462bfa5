import "server-only";
import { isAppError } from "@/lib/errors";
import { sameOriginPath } from "@/lib/http/same-origin-path";
import type { TLocale } from "@/lib/i18n/define-messages";
import { commonMessages } from "@/lib/i18n/messages/common";

export type TActionResult<T = undefined> = { ok: true; data?: T; message?: string } | { ok: false; error: string; fields?: Record<string, string> };

/** Maps a thrown error to what a form shows; unexpected errors are logged and get a generic message. */
export function actionError(error: unknown, locale: TLocale): { ok: false; error: string } {
  if (isAppError(error)) return { ok: false, error: error.userMessage[locale] };
  console.error("[action] unexpected error", error);
  return { ok: false, error: commonMessages[locale].unexpectedError };
}

/** A path on this portal to go back to after sign-in, never another site (open redirect). */
export function safeNext(value: unknown): string {
  return sameOriginPath(value, "/account");
}
