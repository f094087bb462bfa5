import type { TLocale } from "@/lib/i18n/define-messages";
import { type TVerdictText, verdictMessages } from "@/lib/i18n/messages/verify";
import type { TVerdict } from "./verdicts";

/** Every verdict's label, meaning and advice. A verdict added to VERDICTS without its words fails the typecheck here. */
export type TVerdictTexts = Record<TVerdict, TVerdictText>;

const TEXTS: Record<TLocale, TVerdictTexts> = verdictMessages;

export function verdictTexts(locale: TLocale): TVerdictTexts {
  return TEXTS[locale];
}
