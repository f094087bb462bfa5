import "server-only";
import { observeVerify } from "@/lib/metrics";
import type { TDocumentFacts } from "./document-facts";
import type { TVerifyEntry } from "./zip-types";
import { judgeDocument, type TRegistryView } from "./judge-document";
import { lookupRegistry } from "./lookup-registry";
import type { TDocumentVerdict, TReason, TStampVerdict, TVerdict } from "./verdicts";
import { verifyPool } from "./verify-pool";

export type TVerifyInput = TVerifyEntry;

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

/**
 * Verify files: facts in the worker pool (bounded, parallel), one registry query for every serial
 * found, then the pure judge. Never throws for a file: refused or unreadable files get UNREADABLE.
 * If the database cannot be reached the verdicts say the registry was not consulted.
 */
/** `owner` (an account, or a client address): the workers are shared fairly between callers. */
export async function verifyDocuments({ files, owner = "" }: { files: TVerifyInput[]; owner?: string }): Promise<TFileResult[]> {
  const started = performance.now();
  const results = await verifyAll(files, owner);
  // Counted for /metrics: each document's verdict, and the time per document of this call.
  const secondsEach = (performance.now() - started) / 1000 / Math.max(1, results.length);
  for (const result of results) observeVerify(secondsEach, result.verdict);
  return results;
}

async function verifyAll(files: TVerifyInput[], owner: string): Promise<TFileResult[]> {
  const pool = await verifyPool();
  const facts = await Promise.all(files.map((file) => ("facts" in file && file.facts ? file.facts : "bytes" in file ? pool.facts(file.bytes, owner) : Promise.resolve(null))));
  const serials = facts.flatMap((f) => (f?.kind === "READ" ? [...f.signatures.map((s) => s.serial ?? ""), ...f.serialMentions] : [])).filter(Boolean);
  let registry: TRegistryView;
  try {
    registry = { consulted: true, stamps: serials.length ? await lookupRegistry(serials) : new Map() };
  } catch (error) {
    console.error("[verify] registry lookup failed; answering without it", error);
    registry = { consulted: false };
  }
  return files.map((file, index) => {
    const fileFacts = facts[index];
    if (!fileFacts || "refused" in file) {
      const refused = file as Extract<TVerifyInput, { refused: TReason }>;
      return { file: file.name, sha256: refused.sha256 ?? "", sizeBytes: refused.sizeBytes ?? 0, verdict: "UNREADABLE", reason: refused.refused, registryConsulted: false, stamps: [] };
    }
    return toFileResult(file.name, judgeDocument(fileFacts as TDocumentFacts, registry));
  });
}

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
