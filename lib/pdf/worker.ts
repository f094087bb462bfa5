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

export type WorkerTask =
  | { id: number; kind: "inspect"; pdf: Uint8Array; maxPages?: number }
  | { id: number; kind: "readSignatures"; pdf: Uint8Array }
  | {
      id: number;
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
    };

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
// never waits for the main thread), and pdf-lib's parser yields to the event loop mid-task.
let previous: Promise<void> = Promise.resolve();
parentPort?.on("message", (task: WorkerTask) => {
  previous = previous.then(() => answer(task)).catch((error) => console.error("[pdf-worker] could not answer", error));
});

async function answer(task: WorkerTask): Promise<void> {
  try {
    const { value, transfer } = await runTask(task);
    parentPort!.postMessage({ id: task.id, ok: true, value } satisfies WorkerReply, transfer);
  } catch (error) {
    const reply: WorkerReply = isPdfError(error)
      ? { id: task.id, ok: false, code: error.code, detail: error.detail ?? "" }
      : { id: task.id, ok: false, code: String((error as { code?: unknown })?.code ?? "INTERNAL"), detail: (error as Error)?.stack ?? String(error) };
    parentPort!.postMessage(reply);
  }
}
