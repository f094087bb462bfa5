import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { InspectResult } from "./inspect-pdf";
import { isPdfErrorCode, PdfError } from "./pdf-error";
import type { ReadSignaturesResult } from "./read-signatures";
import type { StampPdfResult, StampPlacement } from "./stamp-pdf";
import { TASK_STATE, type WorkerReply, type WorkerTask } from "./worker";

/**
 * A pool of worker threads for PDF work, so parsing and signing never block the server's event
 * loop. Each worker has a heap cap; a task that runs past its timeout or exhausts its heap gets its
 * worker terminated and replaced, and rejects with PdfError("TOO_COMPLEX").
 */

export type PdfPoolOptions = {
  size?: number;
  /** Signing key and chain (leaf first), handed to each worker at start. */
  signer?: { keyPem: string; certChainPem: string[] };
  taskTimeoutMs?: number;
  maxOldGenerationSizeMb?: number;
  /** Bundled worker for production (`node scripts/build-bundles.mjs`); default `.build/pdf-worker.mjs` under cwd. */
  bundledWorkerPath?: string;
};

/** `moved`: its buffers were transferred to a worker (gone from here), so it can only run there. */
type Pending = { task: WorkerTask; transfer: ArrayBuffer[]; moved?: boolean; resolve: (value: unknown) => void; reject: (error: Error) => void };
type TTaskInput = WorkerTask extends infer T ? (T extends unknown ? Omit<T, "id" | "control"> : never) : never;
/** `sent[0]` is the task the worker is running (or about to); the others wait in its message queue. */
type Slot = { worker: Worker; sent: (Pending & { timer?: NodeJS.Timeout })[] };

/**
 * Tasks handed to one worker at a time: the running one and the next. Measured under bench:affix with
 * one task at a time, the worker sat idle after each answer until the busy main thread had read it and
 * sent the next task (a quarter of its time). A task waiting in a worker has not started (its shared
 * state says so, see TASK_STATE): its time limit starts when it does; a worker that falls idle takes it
 * over from a busy one; and when a worker is replaced it goes to the next worker. It never shares the
 * fate of the task before it. It is sent as a copy, so its bytes stay here for that.
 */
const TASKS_PER_WORKER = 2;

const newControl = () => new Int32Array(new SharedArrayBuffer(4));
/** Takes back a task that has not started; false once the worker has started it. */
const withdraw = (pending: Pending) => Atomics.compareExchange(pending.task.control, 0, TASK_STATE.QUEUED, TASK_STATE.WITHDRAWN) === TASK_STATE.QUEUED;
/** The same task with a fresh state, for another worker (the old copy, withdrawn, is skipped). */
const reissue = (pending: Pending): Pending => ({ ...pending, task: { ...pending.task, control: newControl() } });

/**
 * Under tsx (tests, scripts) the TypeScript worker runs through a bootstrap registering tsx; under `next start`
 * lib/ is bundled and no .ts file can be loaded, so the esbuild bundle is used instead.
 */
function workerEntry(options: PdfPoolOptions): { file: string; execArgv: string[] } {
  const bundled = options.bundledWorkerPath ?? resolve(/*turbopackIgnore: true*/ process.cwd(), ".build/pdf-worker.mjs");
  const underTsx = process.execArgv.some((arg) => arg.includes("tsx")) || Boolean(process.env.TSX);
  // Inside the Next server (NEXT_RUNTIME is set) always the bundle: there import.meta.url can still end in .ts.
  if ((!underTsx || process.env.NEXT_RUNTIME) && existsSync(bundled)) return { file: bundled, execArgv: [] };
  // Built with path.join rather than new URL(…, import.meta.url): the bundler would follow a URL and try to
  // bundle tsx itself. Only reached under tsx, where import.meta.url is this .ts file's own file: URL.
  return { file: join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), "worker-tsx.mjs"), execArgv: [] };
}

export class PdfPool {
  private readonly options: Required<Omit<PdfPoolOptions, "signer" | "bundledWorkerPath">> & PdfPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PdfPoolOptions = {}) {
    this.options = {
      ...options,
      size: options.size ?? availableParallelism(),
      taskTimeoutMs: options.taskTimeoutMs ?? 20_000,
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 512,
    };
    for (let i = 0; i < this.options.size; i++) this.slots.push({ worker: this.spawn(), sent: [] });
  }

  inspect(pdf: Uint8Array, options: { maxPages?: number } = {}): Promise<InspectResult> {
    const copy = ownBuffer(pdf);
    return this.submit({ kind: "inspect", pdf: copy, maxPages: options.maxPages }, [copy.buffer as ArrayBuffer]) as Promise<InspectResult>;
  }

  readSignatures(pdf: Uint8Array): Promise<ReadSignaturesResult> {
    const copy = ownBuffer(pdf);
    return this.submit({ kind: "readSignatures", pdf: copy }, [copy.buffer as ArrayBuffer]) as Promise<ReadSignaturesResult>;
  }

  /** `storeIn`: a content-addressed folder where the worker stores the stamped file, fsynced, before answering. */
  stamp(options: { pdf: Uint8Array; stamps: StampPlacement[]; signedAt: Date; location?: string; contactInfo?: string; maxPages?: number; maxBytes?: number; storeIn?: string }): Promise<StampPdfResult> {
    const copy = ownBuffer(options.pdf);
    const task: TTaskInput = { ...options, kind: "stamp", pdf: copy, signedAt: options.signedAt.getTime() };
    return this.submit(task, [copy.buffer as ArrayBuffer]) as Promise<StampPdfResult>;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error("pool closed"));
    for (const slot of this.slots) for (const sent of slot.sent.splice(0)) (clearTimeout(sent.timer), sent.reject(new Error("pool closed")));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Worker {
    const entry = workerEntry(this.options);
    const worker = new Worker(entry.file, {
      execArgv: entry.execArgv,
      workerData: this.options.signer ?? {},
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb },
    });
    worker.unref();
    worker.on("message", (reply: WorkerReply) => this.onReply(worker, reply));
    // A heap exhaustion ends the worker with an error; both paths replace it.
    worker.on("error", (error) => this.onWorkerDeath(worker, error));
    worker.on("exit", () => this.onWorkerDeath(worker, new Error("worker exited")));
    return worker;
  }

  private submit(task: TTaskInput, transfer: ArrayBuffer[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("pool closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++, control: newControl() } as WorkerTask, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    // A worker fallen idle takes over a task waiting behind another worker's (it has not started there).
    for (const idle of this.slots) {
      if (idle.sent.length > 0 || this.queue.length > 0) continue;
      const busy = this.slots.find((slot) => slot.sent.length > 1);
      const waiting = busy?.sent[busy.sent.length - 1];
      if (!busy || !waiting || !withdraw(waiting)) continue;
      busy.sent.pop();
      this.queue.push(reissue(waiting));
    }
    // Every idle worker gets a task before any worker gets a second one.
    for (let depth = 1; depth <= TASKS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.sent.length >= depth || this.queue.length === 0) continue;
        const pending = this.queue.shift()!;
        slot.sent.push(pending);
        if (slot.sent.length === 1) this.startTimer(slot);
        // A task that will wait is sent as a copy, its buffers kept here (see TASKS_PER_WORKER).
        pending.moved = slot.sent.length === 1;
        slot.worker.postMessage(pending.task, pending.moved ? pending.transfer : []);
      }
    }
  }

  /** The running task's time limit (not applied once the worker says it is done: its answer is on the way). */
  private startTimer(slot: Slot): void {
    const running = slot.sent[0];
    running.timer = setTimeout(() => {
      if (Atomics.load(running.task.control, 0) !== TASK_STATE.DONE) this.replace(slot, new PdfError("TOO_COMPLEX", `no answer within ${this.options.taskTimeoutMs} ms`));
    }, this.options.taskTimeoutMs);
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot || slot.sent[0]?.task.id !== reply.id) return;
    const { resolve, reject, timer } = slot.sent.shift()!;
    clearTimeout(timer);
    // The worker runs its tasks in order: the next one starts now.
    if (slot.sent.length > 0) this.startTimer(slot);
    if (reply.ok) resolve(reply.value);
    else reject(isPdfErrorCode(reply.code) ? new PdfError(reply.code, reply.detail) : Object.assign(new Error(reply.detail), { code: reply.code }));
    this.dispatch();
  }

  private onWorkerDeath(worker: Worker, error: Error): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot || this.closed) return;
    this.replace(slot, new PdfError("TOO_COMPLEX", `worker died: ${error.message}`));
  }

  /**
   * Kill the slot's worker (timeout or crash) and start a fresh one. Tasks it had started fail with
   * `error`; tasks that had not started go to the front of the queue, in order.
   */
  private replace(slot: Slot, error: PdfError): void {
    const sent = slot.sent;
    slot.sent = [];
    const old = slot.worker;
    old.removeAllListeners();
    old.on("error", () => undefined);
    void old.terminate();
    const notStarted: Pending[] = [];
    for (const pending of sent) {
      clearTimeout(pending.timer);
      // (A task whose bytes went to the dead worker cannot be sent again: it fails with the others.)
      if (withdraw(pending) && !pending.moved) notStarted.push(reissue(pending));
      else pending.reject(error);
    }
    this.queue.unshift(...notStarted);
    if (!this.closed) slot.worker = this.spawn();
    this.dispatch();
  }
}

/**
 * The input's ArrayBuffer is transferred (moved, not copied) when the view spans all of it: the
 * caller's array is detached afterwards. Views into a larger buffer (Node's pooled small Buffers,
 * subarrays) are copied first, since transferring would detach memory the caller still uses.
 */
function ownBuffer(pdf: Uint8Array): Uint8Array {
  const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength && pdf.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf);
}

// On globalThis: the front door (instrumentation's bundle) and Next's routes are separate bundles with
// separate module instances, and the process must have one pool, not one per bundle.
const KEY = Symbol.for("emeterai.pdf-pool");
const holder = globalThis as { [KEY]?: PdfPool };

/** The process-wide pool, created on first use with the options of that first call. */
export function getPdfPool(options: PdfPoolOptions = {}): PdfPool {
  holder[KEY] ??= new PdfPool(options);
  return holder[KEY];
}
