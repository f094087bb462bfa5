import type { TLocale } from "@/lib/i18n/define-messages";
import { type TVerifyMessages, verifyMessages } from "@/lib/i18n/messages/verify";
import { type TVerdictTexts, verdictTexts } from "@/lib/verification/verdict-texts";

type TStringKey = { [K in keyof TVerifyMessages]: TVerifyMessages[K] extends string ? K : never }[keyof TVerifyMessages];

/**
 * What the verify pages' client components read: the string entries of the verify dictionary (functions
 * cannot cross to the client) and every verdict's words, keyed by the closed verdict union.
 */
export type TVerifyLabels = { [K in TStringKey]: string } & { verdicts: TVerdictTexts };

export function verifyLabels(locale: TLocale): TVerifyLabels {
  const strings = Object.fromEntries(Object.entries(verifyMessages[locale]).filter(([, value]) => typeof value === "string")) as { [K in TStringKey]: string };
  return { ...strings, verdicts: verdictTexts(locale) };
}
