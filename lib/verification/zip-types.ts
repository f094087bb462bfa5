import type { TDocumentFacts } from "./document-facts";
import type { TReason } from "./verdicts";

/** An input to bulk verification: a file's bytes, or a refusal that becomes a result row. */
export type TVerifyEntry = { name: string; bytes: Uint8Array; facts?: Promise<TDocumentFacts> } | { name: string; refused: TReason; sizeBytes?: number; sha256?: string };
