// A worker for the pool's own tests (test/unit/workers/pool.test.ts): tasks that take a set time, hang,
// or crash their worker, so the pool's mechanics can be tested without depending on how slow a
// particular hostile PDF happens to be.
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
  hang: () => {
    for (;;);
  },
  crash: () => process.exit(7),
});
