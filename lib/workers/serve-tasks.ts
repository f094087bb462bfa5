// The worker side of lib/workers/pool.ts: a worker entry calls serveTasks with one handler per task kind.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { TASK_STATE, type TWorkerReply, type TWorkerStart, type TWorkerTask } from "./protocol";

/**
 * A handler's answer, and the buffers of it to move (not copy) back to the pool. `settled`: work still
 * under way that needs none of this thread's time (an fsync in libuv's thread pool). The next task
 * starts at once; this one is answered when it settles, with its error if it fails.
 */
export type THandled = { value: unknown; transfer?: ArrayBuffer[]; settled?: Promise<void> };
type THandler = (task: TWorkerTask) => THandled | Promise<THandled>;

/** The data the pool gave this worker at start (`TWorkerPoolOptions.workerData`). */
export function workerStartData<T>(): T {
  return ((workerData as TWorkerStart | undefined)?.data ?? {}) as T;
}

/**
 * Answers the pool's tasks, one at a time, in arrival order: the pool sends the next task before this one
 * ends (so the worker never waits for the main thread). A task whose handler left work `settled` to the
 * thread pool lets the next one start meanwhile, so answers may then leave out of order (each carries
 * its id). An error crosses the thread boundary as { code, detail }. A worker that cannot answer (a
 * reply that cannot be posted) ends, and the pool replaces it.
 */
export function serveTasks(handlers: Record<string, THandler>): void {
  lowerThreadPriority();
  let previous: Promise<void> = Promise.resolve();
  parentPort?.on("message", (task: TWorkerTask) => {
    previous = previous.then(() => answer(task)).catch((error) => {
      console.error("[worker] could not answer", error);
      process.exit(1);
    });
  });

  // Answers leave in task order (the pool matches each to the oldest task it sent): one whose work is
  // still settling holds back the answers of the tasks that started after it.
  let answered: Promise<void> = Promise.resolve();

  async function answer(task: TWorkerTask): Promise<void> {
    // Given to another worker while it waited here: not ours any more.
    if (Atomics.compareExchange(task.control, 0, TASK_STATE.QUEUED, TASK_STATE.RUNNING) !== TASK_STATE.QUEUED) return;
    let outcome: Promise<{ message: TWorkerReply; transfer: ArrayBuffer[] }>;
    let settling = false;
    try {
      const handler = handlers[task.kind];
      if (!handler) throw Object.assign(new Error(`unknown task kind ${task.kind}`), { code: "INTERNAL" });
      const done = await handler(task);
      const message: TWorkerReply = { id: task.id, ok: true, value: done.value };
      settling = done.settled !== undefined;
      outcome = (done.settled ?? Promise.resolve()).then(
        () => ({ message, transfer: done.transfer ?? [] }),
        (error) => ({ message: failure(task, error), transfer: [] }),
      );
    } catch (error) {
      outcome = Promise.resolve({ message: failure(task, error), transfer: [] });
    }
    answered = answered.then(() => outcome).then(({ message, transfer }) => {
      // Finished: from now on its time limit no longer applies (the answer is on its way).
      Atomics.store(task.control, 0, TASK_STATE.DONE);
      parentPort!.postMessage(message, transfer);
    });
    answered.catch((error) => {
      console.error("[worker] could not answer", error);
      process.exit(1);
    });
    // The next task starts now if this one only waits for its work to settle; otherwise once it is answered.
    if (!settling) await answered;
  }
}

/** An error as it crosses the thread boundary: { code, detail }. */
function failure(task: TWorkerTask, error: unknown): TWorkerReply {
  const e = error as { code?: unknown; detail?: unknown; stack?: string };
  // A domain error carries its own detail (PdfError); anything else is a bug: its stack goes along.
  const detail = "detail" in Object(e) ? String(e.detail ?? "") : (e?.stack ?? String(error));
  return { id: task.id, ok: false, code: String(e?.code ?? "INTERNAL"), detail };
}

/**
 * Lowers the scheduling priority of this worker thread (Linux applies setpriority to the calling thread
 * when given pid 0). When the workers saturate the machine, the event loop (the status page, the
 * waiting page, health checks) still gets the CPU first; the work only waits a little longer.
 */
function lowerThreadPriority(niceness = 10) {
  try {
    setPriority(0, niceness);
  } catch {
    // Not permitted or not supported here: run at normal priority.
  }
}
