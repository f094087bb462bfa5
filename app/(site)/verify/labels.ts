import type { TVerifyMessages } from "@/lib/i18n/messages/verify";

/** The string entries of the verify dictionary, for client components (functions cannot cross to the client). */
export type TVerifyLabels = Record<string, string>;

export function verifyLabels(t: TVerifyMessages): TVerifyLabels {
  return Object.fromEntries(Object.entries(t).filter(([, value]) => typeof value === "string")) as TVerifyLabels;
}
