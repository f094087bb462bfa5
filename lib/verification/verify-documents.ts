import "server-only";
import { observeVerify } from "@/lib/metrics";
import type { TDocumentFacts } from "./document-facts";
import type { TVerifyEntry } from "./zip-types";
import { judgeDocument, type TRegistryView } from "./judge-document";
import { lookupRegistry } from "./lookup-registry";
import { type TFileResult, type TStampResult, toFileResult } from "./file-result";
import type { TReason } from "./verdicts";
import { verifyPool } from "./verify-pool";

export type TVerifyInput = TVerifyEntry;
export { type TFileResult, type TStampResult, toFileResult };

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
