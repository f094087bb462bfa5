// The worker side of lib/workers/pool.ts: a worker entry calls serveTasks with one handler per task kind.
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { TASK_STATE, type TWorkerReply, type TWorkerStart, type TWorkerTask } from "./protocol";

/** A handler's answer, and the buffers of it to move (not copy) back to the pool. */
export type THandled = { value: unknown; transfer?: ArrayBuffer[] };
type THandler = (task: TWorkerTask) => THandled | Promise<THandled>;

/** The data the pool gave this worker at start (`TWorkerPoolOptions.workerData`). */
export function workerStartData<T>(): T {
  return ((workerData as TWorkerStart | undefined)?.data ?? {}) as T;
}

/**
 * Answers the pool's tasks, one at a time, in arrival order: the pool sends the next task before this one
 * ends (so the worker never waits for the main thread). An error crosses the thread boundary as
 * { code, detail }. A worker that cannot answer (a reply that cannot be posted) ends, and the pool
 * replaces it.
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

  async function answer(task: TWorkerTask): Promise<void> {
    // Given to another worker while it waited here: not ours any more.
    if (Atomics.compareExchange(task.control, 0, TASK_STATE.QUEUED, TASK_STATE.RUNNING) !== TASK_STATE.QUEUED) return;
    let reply: TWorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const handler = handlers[task.kind];
      if (!handler) throw Object.assign(new Error(`unknown task kind ${task.kind}`), { code: "INTERNAL" });
      const done = await handler(task);
      reply = { id: task.id, ok: true, value: done.value };
      transfer = done.transfer ?? [];
    } catch (error) {
      const e = error as { code?: unknown; detail?: unknown; stack?: string };
      // A domain error carries its own detail (PdfError); anything else is a bug: its stack goes along.
      const detail = "detail" in Object(e) ? String(e.detail ?? "") : (e?.stack ?? String(error));
      reply = { id: task.id, ok: false, code: String(e?.code ?? "INTERNAL"), detail };
    }
    // Finished: from now on its time limit no longer applies (the answer is on its way).
    Atomics.store(task.control, 0, TASK_STATE.DONE);
    parentPort!.postMessage(reply, transfer);
  }
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
