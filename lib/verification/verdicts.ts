/**
 * The closed set of verification outcomes. A document gets one verdict per stamp and an overall
 * verdict; the overall is the worst per-stamp verdict by SEVERITY (worst first), or NOT_STAMPED /
 * UNREADABLE when there is no stamp to judge. Every verdict carries a machine-readable reason code
 * and a one-line detail in English for logs and API consumers; people read the reason in their language
 * (describe-reason.ts, from the code and its params) and lib/i18n/messages/verify.ts.
 */

export const VERDICTS = [
  "VALID",
  "MODIFIED_AFTER_STAMP",
  "RESAVED",
  "TAMPERED",
  "COPIED",
  "UNKNOWN_SERIAL",
  "REVOKED",
  "NOT_STAMPED",
  "UNREADABLE",
] as const;
export type TVerdict = (typeof VERDICTS)[number];

/**
 * Worst first. Forgery signals (TAMPERED, COPIED, UNKNOWN_SERIAL) outrank an operator's revocation,
 * which outranks the cases without proof of forgery (RESAVED: the file was rewritten, so the stamp no
 * longer proves its content, changed or not; MODIFIED_AFTER_STAMP: the stamp itself is intact). UNREADABLE and NOT_STAMPED never compete with
 * stamp verdicts: they are only given when no stamp could be judged.
 */
export const SEVERITY: readonly TVerdict[] = ["TAMPERED", "COPIED", "UNKNOWN_SERIAL", "REVOKED", "RESAVED", "MODIFIED_AFTER_STAMP", "VALID", "NOT_STAMPED", "UNREADABLE"];

export function worstOf(verdicts: TVerdict[]): TVerdict | undefined {
  let worst: TVerdict | undefined;
  for (const verdict of verdicts) if (worst === undefined || SEVERITY.indexOf(verdict) < SEVERITY.indexOf(worst)) worst = verdict;
  return worst;
}

/**
 * Why a verdict was given: a stable code (also a key into the message dictionary), a detail line in
 * English, and the values in that line (serial, counts…) so that describeReason can say it in Indonesian.
 */
export type TReasonParams = Record<string, string | number>;
export type TReason = { code: string; detail: string; params?: TReasonParams };

export type TStampVerdict =
  | { verdict: "VALID"; reason: TReason; stamp: TStampInfo; registryConsulted: boolean }
  | { verdict: "MODIFIED_AFTER_STAMP"; reason: TReason; stamp: TStampInfo; changedPages: number[]; registryConsulted: boolean }
  | { verdict: "RESAVED"; reason: TReason; stamp: TStampInfo; registryConsulted: boolean }
  | { verdict: "TAMPERED"; reason: TReason; stamp: TStampInfo; registryConsulted: boolean }
  | { verdict: "COPIED"; reason: TReason; stamp: TStampInfo; registryConsulted: boolean }
  | { verdict: "UNKNOWN_SERIAL"; reason: TReason; stamp: TStampInfo; registryConsulted: boolean }
  | { verdict: "REVOKED"; reason: TReason; stamp: TStampInfo; revokedAt: string | null; revokedReason: string | null; registryConsulted: boolean };

/** What may be shown about a stamp to anyone: never the buyer, the e-mail or the order. */
export type TStampInfo = {
  serial: string | null;
  signedAt: string | null;
  page: number | null;
  signer: string | null;
  /** SHA-256 of the bytes up to the end of this stamp's revision, when the file reaches that far. */
  revisionSha256: string | null;
};

export type TDocumentVerdict = {
  verdict: TVerdict;
  reason: TReason;
  sha256: string;
  sizeBytes: number;
  stamps: TStampVerdict[];
  /** False offline, or when the registry could not be reached: REVOKED, COPIED and unregistered serials cannot be told apart then. */
  registryConsulted: boolean;
};
