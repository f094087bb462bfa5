import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { PoolClosedError, WorkerPool } from "@/lib/workers/pool";

const entry = { source: path.join(import.meta.dirname, "test-worker.ts"), bundled: "does-not-exist.mjs" };
const pool = (size: number, taskTimeoutMs: number) =>
  new WorkerPool({ entry, size, taskTimeoutMs, failure: (detail) => Object.assign(new Error(detail), { code: "TOO_COMPLEX" }) });
const outcome = (promise: Promise<unknown>) => promise.then(String, (error: { code?: string; message: string }) => `${error.code ?? "error"}: ${error.message}`);

describe("worker pool", () => {
  it("tasks sent to a worker behind a hanging task are not failed with it: they run on its replacement", async () => {
    const one = pool(1, 1500);
    try {
      await one.run("work", { name: "warm-up" }); // the worker has started
      const hostile = outcome(one.run("hang", {}));
      // The first of these waits inside the worker with the hanging task (two tasks per worker), the others in the pool.
      const behind = [1, 2, 3].map((n) => outcome(one.run("work", { name: `task ${n}` })));
      assert.match(await hostile, /^TOO_COMPLEX: (no answer within|worker died)/);
      assert.deepEqual(await Promise.all(behind), ["task 1 done", "task 2 done", "task 3 done"]);
    } finally {
      await one.close();
    }
  });

  it("a task waiting behind a slow one moves to a worker that falls idle, long before the slow one ends", async () => {
    const two = pool(2, 20_000);
    try {
      await Promise.all([two.run("work", { name: "a" }), two.run("work", { name: "b" })]); // both workers started
      const finished: string[] = [];
      const run = (name: string, ms: number) => two.run<string>("work", { name, ms }).then((v) => finished.push(v));
      // The slow task goes to the first worker, a quick one to the second, and the third waits in the
      // first worker, behind the slow one: the second worker takes it over when it is done.
      const started = Date.now();
      await Promise.all([run("slow", 4000), run("first", 10), run("second", 10)]);
      assert.deepEqual(finished.slice(0, 2).sort(), ["first done", "second done"]);
      assert.equal(finished[2], "slow done");
      assert.ok(Date.now() - started < 15_000);
    } finally {
      await two.close();
    }
  });

  it("a crashed worker fails its task and is replaced; closing settles every caller still waiting", async () => {
    const one = pool(1, 5000);
    assert.match(await outcome(one.run("crash", {})), /^TOO_COMPLEX: worker died/);
    assert.equal(await one.run("work", { name: "after the crash" }), "after the crash done");
    const waiting = [outcome(one.run("work", { name: "x", ms: 300 })), outcome(one.run("work", { name: "y" })), outcome(one.run("work", { name: "z" }))];
    await one.close();
    const settled = await Promise.all(waiting);
    assert.ok(settled.every((s) => s === "error: pool closed" || s.endsWith("done")), settled.join(" | "));
    assert.ok(settled.some((s) => s === "error: pool closed"));
    await assert.rejects(one.run("work", {}), PoolClosedError);
  });

  it("shares the workers between owners: one owner's long line does not hold up another's single task", async () => {
    const one = pool(1, 20_000);
    try {
      await one.run("work", { name: "warm-up" });
      const finished: string[] = [];
      const greedy = Array.from({ length: 10 }, (_, i) => one.run<string>("work", { name: `greedy-${i}`, ms: 100 }, [], "account:greedy").then((v) => finished.push(v)));
      const other = one.run<string>("work", { name: "other", ms: 10 }, [], "account:other").then((v) => finished.push(v));
      await Promise.all([...greedy, other]);
      // The other owner's task runs right after the greedy tasks already handed to the worker (two per worker).
      assert.ok(finished.indexOf("other done") <= 3, finished.join(", "));
    } finally {
      await one.close();
    }
  });
});
