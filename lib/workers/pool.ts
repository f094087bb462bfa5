import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { FairQueue } from "./fair-queue";
import { TASK_STATE, type TWorkerReply, type TWorkerTask } from "./protocol";

/**
 * A pool of worker threads, so that parsing, hashing and signing never block the server's event loop
 * (lib/stamps/pdf-pool.ts and lib/verification/facts-pool.ts are its two uses). Each worker has a heap
 * cap; a task that runs past its timeout or exhausts its worker's heap gets the worker terminated and
 * replaced, and rejects with the error `failure` makes. The worker side is lib/workers/serve-tasks.ts.
 */

export type TWorkerPoolOptions = {
  /** The worker's TypeScript entry (used under tsx: tests, scripts) and its bundle (under `next start`). */
  entry: { source: string; bundled: string };
  size?: number;
  /** Handed to every worker at start (`workerData`). */
  workerData?: unknown;
  taskTimeoutMs?: number;
  maxOldGenerationSizeMb?: number;
  /** The error a task fails with when its worker timed out or died. */
  failure?: (detail: string) => Error;
  /** How a worker's error reply becomes the caller's error. */
  replyError?: (code: string, detail: string) => Error;
};

/** What every task not answered yet rejects with when the pool is closed. */
export class PoolClosedError extends Error {
  constructor() {
    super("pool closed");
  }
}

/** `moved`: its buffers were transferred to a worker (gone from here), so it can only run there. */
type TPending = { task: TWorkerTask; owner: string; transfer: ArrayBuffer[]; moved?: boolean; resolve: (value: unknown) => void; reject: (error: Error) => void };
/** `sent[0]` is the task the worker is running (or about to); the others wait in its message queue. */
type TSlot = { worker: Worker; spawnedAt: number; sent: (TPending & { timer?: NodeJS.Timeout })[] };

/** A worker that has not started its first task this long after it was spawned is not going to. */
const STARTUP_ALLOWANCE_MS = 60_000;

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
const withdraw = (pending: TPending) => Atomics.compareExchange(pending.task.control, 0, TASK_STATE.QUEUED, TASK_STATE.WITHDRAWN) === TASK_STATE.QUEUED;
/** The same task with a fresh state, for another worker (the old copy, withdrawn, is skipped). */
const reissue = (pending: TPending): TPending => ({ ...pending, task: { ...pending.task, control: newControl() } });

/** Whether this process runs TypeScript through tsx (tests, scripts), where a worker can load a .ts entry. */
const underTsx = () => process.execArgv.some((arg) => arg.includes("tsx")) || Boolean(process.env.TSX);

/**
 * Under tsx the TypeScript entry runs through a bootstrap that registers tsx in the worker; under
 * `next start` lib/ is bundled and no .ts file can be loaded, so the esbuild bundle is used instead.
 * Null when neither can run (a Next server without `node scripts/build-bundles.mjs`).
 */
function workerEntry(entry: TWorkerPoolOptions["entry"]): { file: string; source?: string } | null {
  const bundled = resolve(/*turbopackIgnore: true*/ process.cwd(), entry.bundled);
  // Inside the Next server (NEXT_RUNTIME is set) always the bundle: there import.meta.url can still end in .ts.
  if ((!underTsx() || process.env.NEXT_RUNTIME) && existsSync(bundled)) return { file: bundled };
  // path.join rather than new URL(…, import.meta.url): the bundler would follow a URL and try to bundle tsx.
  if (underTsx()) return { file: join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), "tsx-worker.mjs"), source: entry.source };
  return null;
}

export class WorkerPool {
  /** False when no worker can be started here (see workerEntry): the caller runs the work itself. */
  readonly available: boolean;
  private readonly slots: TSlot[] = [];
  private readonly queue = new FairQueue<TPending>();
  private readonly entry: { file: string; source?: string } | null;
  private readonly taskTimeoutMs: number;
  private readonly failure: (detail: string) => Error;
  private readonly replyError: (code: string, detail: string) => Error;
  private nextId = 1;
  private closed = false;
  private lastAnswerAt = Date.now();

  constructor(private readonly options: TWorkerPoolOptions) {
    this.entry = workerEntry(options.entry);
    this.available = this.entry !== null;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 20_000;
    this.failure = options.failure ?? ((detail) => new Error(detail));
    this.replyError = options.replyError ?? ((code, detail) => Object.assign(new Error(detail), { code }));
    if (!this.entry) return;
    const size = options.size ?? availableParallelism();
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn(), spawnedAt: Date.now(), sent: [] });
  }

  /**
   * Runs one task. `transfer`: buffers of `input` the worker may take (moved, detached here) when it
   * starts the task at once; a task that has to wait in a worker gets a copy instead. `owner`: whose
   * task it is (an account or a client address): waiting tasks are served round robin per owner.
   */
  run<T>(kind: string, input: Record<string, unknown>, transfer: ArrayBuffer[] = [], owner = ""): Promise<T> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if (!this.entry) return Promise.reject(new Error("no worker entry: run node scripts/build-bundles.mjs"));
    return new Promise<T>((resolveTask, rejectTask) => {
      const task = { ...input, kind, id: this.nextId++, control: newControl() } as TWorkerTask;
      this.queue.push(owner, { task, owner, transfer, resolve: resolveTask as (value: unknown) => void, reject: rejectTask });
      this.dispatch();
    });
  }

  /**
   * For /api/health. Stuck: tasks are waiting, yet no worker has answered for longer than a task may
   * take (the timeout replaces a worker that hangs, so this means the pool itself is not working).
   */
  health(): { workers: number; running: number; queued: number; stuck: boolean } {
    const running = this.slots.filter((slot) => slot.sent.length > 0).length;
    const queued = this.queue.length + this.slots.reduce((n, slot) => n + Math.max(0, slot.sent.length - 1), 0);
    const stuck = (running > 0 || queued > 0) && Date.now() - this.lastAnswerAt > this.taskTimeoutMs + 5_000;
    return { workers: this.slots.length, running, queued, stuck };
  }

  /** Stops every worker; every task not answered yet, waiting or running, rejects with PoolClosedError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.drain()) pending.reject(new PoolClosedError());
    for (const slot of this.slots) for (const sent of slot.sent.splice(0)) (clearTimeout(sent.timer), sent.reject(new PoolClosedError()));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Worker {
    const entry = this.entry!;
    const worker = new Worker(entry.file, {
      workerData: { data: this.options.workerData ?? {}, source: entry.source },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 512 },
    });
    worker.unref();
    worker.on("message", (reply: TWorkerReply) => this.onReply(worker, reply));
    // A heap exhaustion ends the worker with an error; both paths replace it.
    worker.on("error", (error) => this.onWorkerDeath(worker, error));
    worker.on("exit", () => this.onWorkerDeath(worker, new Error("worker exited")));
    return worker;
  }

  private dispatch(): void {
    // A worker fallen idle takes over a task waiting behind another worker's (it has not started there).
    for (const idle of this.slots) {
      if (idle.sent.length > 0 || this.queue.length > 0) continue;
      const busy = this.slots.find((slot) => slot.sent.length > 1);
      const waiting = busy?.sent[busy.sent.length - 1];
      if (!busy || !waiting || !withdraw(waiting)) continue;
      busy.sent.pop();
      this.queue.pushFirst(reissue(waiting));
    }
    // Every idle worker gets a task before any worker gets a second one.
    for (let depth = 1; depth <= TASKS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.sent.length >= depth || this.queue.length === 0) continue;
        const pending = this.queue.shift()!;
        // An idle pool was not stuck: its clock starts with the first task it is given.
        if (slot.sent.length === 0 && this.slots.every((other) => other.sent.length === 0)) this.lastAnswerAt = Date.now();
        slot.sent.push(pending);
        if (slot.sent.length === 1) this.startTimer(slot);
        // A task that will wait is sent as a copy, its buffers kept here (see TASKS_PER_WORKER).
        pending.moved = slot.sent.length === 1 && pending.transfer.length > 0;
        slot.worker.postMessage(pending.task, pending.moved ? pending.transfer : []);
      }
    }
  }

  /**
   * The running task's time limit (not applied once the worker says it is done: its answer is on the
   * way). It counts from when the worker starts the task: a worker still starting up (loading its code,
   * seconds on a busy machine) has not started it yet, and its time is not the task's.
   */
  private startTimer(slot: TSlot): void {
    const running = slot.sent[0];
    running.timer = setTimeout(() => {
      const state = Atomics.load(running.task.control, 0);
      if (state === TASK_STATE.QUEUED && slot.sent[0] === running && Date.now() - slot.spawnedAt < STARTUP_ALLOWANCE_MS) return this.startTimer(slot);
      if (state !== TASK_STATE.DONE) this.replace(slot, this.failure(`no answer within ${this.taskTimeoutMs} ms`));
    }, this.taskTimeoutMs);
  }

  private onReply(worker: Worker, reply: TWorkerReply): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot || slot.sent[0]?.task.id !== reply.id) return;
    const { resolve: done, reject, timer } = slot.sent.shift()!;
    clearTimeout(timer);
    this.lastAnswerAt = Date.now();
    // The worker runs its tasks in order: the next one starts now.
    if (slot.sent.length > 0) this.startTimer(slot);
    if (reply.ok) done(reply.value);
    else reject(this.replyError(reply.code, reply.detail));
    this.dispatch();
  }

  private onWorkerDeath(worker: Worker, error: Error): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot || this.closed) return;
    this.replace(slot, this.failure(`worker died: ${error.message}`));
  }

  /**
   * Kill the slot's worker (timeout or crash) and start a fresh one. Tasks it had started fail with
   * `error`; tasks that had not started go to the front of the queue, in order.
   */
  private replace(slot: TSlot, error: Error): void {
    const sent = slot.sent;
    slot.sent = [];
    const old = slot.worker;
    old.removeAllListeners();
    old.on("error", () => undefined);
    void old.terminate();
    const notStarted: TPending[] = [];
    for (const pending of sent) {
      clearTimeout(pending.timer);
      // (A task whose bytes went to the dead worker cannot be sent again: it fails with the others.)
      if (withdraw(pending) && !pending.moved) notStarted.push(reissue(pending));
      else pending.reject(error);
    }
    this.queue.pushFirst(...notStarted);
    // A replaced worker is the pool working as designed: the time limit did its job.
    this.lastAnswerAt = Date.now();
    if (!this.closed) {
      slot.worker = this.spawn();
      slot.spawnedAt = Date.now();
    }
    this.dispatch();
  }
}

/**
 * The input's ArrayBuffer, to be transferred (moved, not copied) when the view spans all of it: the
 * caller's array is detached afterwards. Views into a larger buffer (Node's pooled small Buffers,
 * subarrays) are copied first, since transferring would detach memory the caller still uses.
 */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
}
