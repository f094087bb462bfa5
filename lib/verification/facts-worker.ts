// The verification worker thread (lib/verification/facts-pool.ts runs it): PDF bytes in, facts out.
import { serveTasks, workerStartData } from "@/lib/workers/serve-tasks";
import { extractDocumentFacts, trustAnchorsFromPem } from "./document-facts";

export type TFactsWorkerStart = { anchorsPem: string };

const anchors = trustAnchorsFromPem(String(workerStartData<Partial<TFactsWorkerStart>>().anchorsPem ?? ""));

serveTasks({
  facts: (task) => ({ value: extractDocumentFacts(task.pdf as Uint8Array, anchors) }),
});
