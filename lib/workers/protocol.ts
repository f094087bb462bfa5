// What the pool (lib/workers/pool.ts) and its workers (lib/workers/serve-tasks.ts) send each other.

/**
 * Each task's state, shared between the pool and the worker (one Int32 in a SharedArrayBuffer): the
 * worker moves it from QUEUED to RUNNING when it starts the task and to DONE before it answers; the pool
 * moves a task that has not started from QUEUED to WITHDRAWN to give it to another worker. Both use
 * compare-and-exchange, so a task is either started here or withdrawn, never both.
 */
export const TASK_STATE = { QUEUED: 0, RUNNING: 1, WITHDRAWN: 2, DONE: 3 } as const;

/** A task: its kind names the worker's handler; the other fields are the handler's input. */
export type TWorkerTask = { id: number; kind: string; control: Int32Array } & Record<string, unknown>;

export type TWorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; detail: string };

/** What a worker receives at start: its own data, and (under tsx) the TypeScript entry to load. */
export type TWorkerStart = { data: unknown; source?: string };
