// One file's verdict as the API, the batch history, the exports and the page show it. No server-only
// imports: the browser engine (lib/verification/browser/) gives its results in this shape too.
import type { TDocumentVerdict, TReason, TStampVerdict, TVerdict } from "./verdicts";

/** One file's answer, as the API and the batch history show it. */
export type TFileResult = {
  file: string;
  sha256: string;
  sizeBytes: number;
  verdict: TVerdict;
  reason: TReason;
  registryConsulted: boolean;
  stamps: TStampResult[];
};

/**
 * One stamp's answer: TStampVerdict's verdict with the facts that verdict carries (when and why it was
 * revoked, which pages changed), the reason as its code, and nothing internal.
 */
export type TStampResult = TStampResultOf<TStampVerdict>;
type TStampResultOf<V extends TStampVerdict> = V extends TStampVerdict
  ? { serial: string | null; verdict: V["verdict"]; reason: string; signedAt: string | null; page: number | null } & (V extends { verdict: "REVOKED" }
      ? Pick<V, "revokedAt" | "revokedReason">
      : V extends { verdict: "MODIFIED_AFTER_STAMP" }
        ? Pick<V, "changedPages">
        : unknown)
  : never;

export function toFileResult(file: string, verdict: TDocumentVerdict): TFileResult {
  return {
    file,
    sha256: verdict.sha256,
    sizeBytes: verdict.sizeBytes,
    verdict: verdict.verdict,
    reason: verdict.reason,
    registryConsulted: verdict.registryConsulted,
    stamps: verdict.stamps.map(toStampResult),
  };
}

function toStampResult(s: TStampVerdict): TStampResult {
  const answer = <V extends TStampVerdict["verdict"]>(verdict: V) => ({ serial: s.stamp.serial, verdict, reason: s.reason.code, signedAt: s.stamp.signedAt, page: s.stamp.page });
  switch (s.verdict) {
    case "REVOKED":
      return { ...answer(s.verdict), revokedAt: s.revokedAt, revokedReason: s.revokedReason };
    case "MODIFIED_AFTER_STAMP":
      return { ...answer(s.verdict), changedPages: s.changedPages };
    default:
      return answer(s.verdict);
  }
}
