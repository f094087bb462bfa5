// One file's verdict as the API, the batch history, the exports and the page show it. No server-only
// imports: the browser engine (lib/verification/browser/) gives its results in this shape too.
import type { TDocumentVerdict, TReason, TVerdict } from "./verdicts";

/** One file's answer, as the API and the batch history show it. */
export type TFileResult = {
  file: string;
  sha256: string;
  sizeBytes: number;
  verdict: TVerdict;
  reason: TReason;
  registryConsulted: boolean;
  stamps: { serial: string | null; verdict: TVerdict; reason: string; signedAt: string | null; page: number | null; revokedAt?: string | null; revokedReason?: string | null; changedPages?: number[] }[];
};

export function toFileResult(file: string, verdict: TDocumentVerdict): TFileResult {
  return {
    file,
    sha256: verdict.sha256,
    sizeBytes: verdict.sizeBytes,
    verdict: verdict.verdict,
    reason: verdict.reason,
    registryConsulted: verdict.registryConsulted,
    stamps: verdict.stamps.map((s) => ({
      serial: s.stamp.serial,
      verdict: s.verdict,
      reason: s.reason.code,
      signedAt: s.stamp.signedAt,
      page: s.stamp.page,
      ...(s.verdict === "REVOKED" ? { revokedAt: s.revokedAt, revokedReason: s.revokedReason } : {}),
      ...(s.verdict === "MODIFIED_AFTER_STAMP" ? { changedPages: s.changedPages } : {}),
    })),
  };
}
