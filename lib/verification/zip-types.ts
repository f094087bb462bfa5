import type { TDocumentFacts } from "./document-facts";
import type { TReason } from "./verdicts";

/** An input to bulk verification: a file's bytes, or a refusal that becomes a result row. */
export type TVerifyEntry =
  | { name: string; bytes: Uint8Array; facts?: Promise<TDocumentFacts> }
  /** Already handed to the workers, bytes let go (ZIP entries are streamed to the pool as they inflate). */
  | { name: string; facts: Promise<TDocumentFacts> }
  | { name: string; refused: TReason; sizeBytes?: number; sha256?: string };
