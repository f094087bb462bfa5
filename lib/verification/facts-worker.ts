import { parentPort, workerData } from "node:worker_threads";
import { lowerThreadPriority } from "@/lib/pdf/lower-thread-priority";
import { extractDocumentFacts, trustAnchorsFromPem } from "./document-facts";

/** Worker-thread entry for the verification pool: bytes in (transferred), facts out. */

export type TFactsTask = { id: number; pdf: Uint8Array };
export type TFactsReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; detail: string };

const anchors = trustAnchorsFromPem(String((workerData as { anchorsPem?: string } | undefined)?.anchorsPem ?? ""));

lowerThreadPriority();

parentPort?.on("message", (task: TFactsTask) => {
  try {
    parentPort!.postMessage({ id: task.id, ok: true, value: extractDocumentFacts(task.pdf, anchors) } satisfies TFactsReply);
  } catch (error) {
    parentPort!.postMessage({ id: task.id, ok: false, detail: String((error as Error)?.message ?? error) } satisfies TFactsReply);
  }
});
