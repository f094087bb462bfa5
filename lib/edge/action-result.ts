import "server-only";
import { isAppError } from "@/lib/errors";
import type { TLocale } from "@/lib/i18n/define-messages";

export type TActionResult<T = undefined> = { ok: true; data?: T; message?: string } | { ok: false; error: string; fields?: Record<string, string> };

/** Maps a thrown error to what a form shows; unexpected errors are logged and get a generic message. */
export function actionError(error: unknown, locale: TLocale): { ok: false; error: string } {
  if (isAppError(error)) return { ok: false, error: error.userMessage[locale] };
  console.error("[action] unexpected error", error);
  return { ok: false, error: locale === "id" ? "Terjadi kesalahan. Silakan coba lagi." : "Something went wrong. Please try again." };
}

/** A same-site path to go back to after sign-in, never an absolute URL (open redirect). */
export function safeNext(value: unknown): string {
  const s = typeof value === "string" ? value : "";
  return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") ? s : "/account";
}
