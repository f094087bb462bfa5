// A worker for the pool's own tests (test/unit/workers/pool.test.ts): tasks that take a set time, finish
// settling later, hang, or crash their worker, so the pool's mechanics can be tested without depending
// on how slow a particular hostile PDF happens to be.
import { serveTasks } from "@/lib/workers/serve-tasks";

const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

serveTasks({
  work: (task) => {
    busy(Number(task.ms ?? 0));
    return { value: `${String(task.name)} done` };
  },
  // Answered when a timer ends (standing in for an fsync in the thread pool), or with its error.
  settle: (task) => {
    busy(Number(task.ms ?? 0));
    const settled = new Promise<void>((resolve, reject) => {
      if (task.settleMs === undefined) return; // never settles
      setTimeout(() => (task.fail ? reject(Object.assign(new Error("settling failed"), { code: "STORAGE_FAILED" })) : resolve()), Number(task.settleMs));
    });
    return { value: `${String(task.name)} settled`, settled };
  },
  hang: () => {
    for (;;);
  },
  crash: () => process.exit(7),
});
