import { parentPort, workerData } from "node:worker_threads";
import { storeContentSync } from "../storage/content-address";
import { lowerThreadPriority } from "./lower-thread-priority";
import { inspectPdf } from "./inspect-pdf";
import { isPdfError } from "./pdf-error";
import { createSigner, type Signer } from "./pki";
import { readSignatures } from "./read-signatures";
import { stampPdf, type StampPlacement } from "./stamp-pdf";

/**
 * Worker-thread entry for the PDF pool. The signer is created once from the PEMs given at start;
 * each task receives its PDF as a transferred ArrayBuffer and answers with a plain object (the
 * output PDF transferred back). Errors cross the thread boundary as { code, detail }.
 */

/**
 * Each task's state, shared between the pool and the worker (one Int32 in a SharedArrayBuffer): the
 * worker moves it from QUEUED to RUNNING when it starts the task and to DONE before it answers; the pool
 * moves a task that has not started from QUEUED to WITHDRAWN to give it to another worker. Both use
 * compare-and-exchange, so a task is either started here or withdrawn, never both.
 */
export const TASK_STATE = { QUEUED: 0, RUNNING: 1, WITHDRAWN: 2, DONE: 3 } as const;

type TTaskBase = { id: number; control: Int32Array };

export type WorkerTask = TTaskBase &
  (
  | { kind: "inspect"; pdf: Uint8Array; maxPages?: number }
  | { kind: "readSignatures"; pdf: Uint8Array }
  | {
      kind: "stamp";
      pdf: Uint8Array;
      stamps: StampPlacement[];
      signedAt: number;
      location?: string;
      contactInfo?: string;
      maxPages?: number;
      maxBytes?: number;
      /** Content-addressed folder to store the stamped file in (durably) before answering. */
      storeIn?: string;
    }
  );

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; detail: string };

type WorkerStart = { keyPem?: string; certChainPem?: string[] };

const start = (workerData ?? {}) as WorkerStart;
let signer: Signer | undefined;

function requireSigner(): Signer {
  if (!start.keyPem || !start.certChainPem) throw new Error("the pool was started without a signer");
  signer ??= createSigner({ keyPem: start.keyPem, certChainPem: start.certChainPem });
  return signer;
}

async function runTask(task: WorkerTask): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  if (task.kind === "inspect") return { value: await inspectPdf(task.pdf, { maxPages: task.maxPages }), transfer: [] };
  if (task.kind === "readSignatures") return { value: readSignatures(task.pdf), transfer: [] };
  const result = await stampPdf({
    pdf: task.pdf,
    stamps: task.stamps,
    signer: requireSigner(),
    signedAt: new Date(task.signedAt),
    location: task.location,
    contactInfo: task.contactInfo,
    maxPages: task.maxPages,
    maxBytes: task.maxBytes,
  });
  if (task.storeIn) {
    try {
      storeContentSync(task.storeIn, result.pdf, result.revisions[result.revisions.length - 1].signedRevisionSha256);
    } catch (error) {
      throw Object.assign(new Error(`storing the stamped file failed: ${(error as Error).message}`), { code: "STORAGE_FAILED" });
    }
  }
  return { value: result, transfer: [result.pdf.buffer as ArrayBuffer] };
}

lowerThreadPriority();

// One task at a time, in arrival order: the pool sends the next task before this one ends (so the worker
// never waits for the main thread), and pdf-lib's parser yields to the event loop mid-task. A worker that
// cannot answer (a reply that cannot be posted) ends, and the pool replaces it.
let previous: Promise<void> = Promise.resolve();
parentPort?.on("message", (task: WorkerTask) => {
  previous = previous.then(() => answer(task)).catch((error) => {
    console.error("[pdf-worker] could not answer", error);
    process.exit(1);
  });
});

async function answer(task: WorkerTask): Promise<void> {
  // Given to another worker while it waited here: not ours any more.
  if (Atomics.compareExchange(task.control, 0, TASK_STATE.QUEUED, TASK_STATE.RUNNING) !== TASK_STATE.QUEUED) return;
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = await runTask(task);
    reply = { id: task.id, ok: true, value: done.value };
    transfer = done.transfer;
  } catch (error) {
    reply = isPdfError(error)
      ? { id: task.id, ok: false, code: error.code, detail: error.detail ?? "" }
      : { id: task.id, ok: false, code: String((error as { code?: unknown })?.code ?? "INTERNAL"), detail: (error as Error)?.stack ?? String(error) };
  }
  // Finished: from now on its time limit no longer applies (the answer is on its way).
  Atomics.store(task.control, 0, TASK_STATE.DONE);
  parentPort!.postMessage(reply, transfer);
}
