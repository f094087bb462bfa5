import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideAdmission } from "@/lib/queue/admission";
import { createOverloadMonitor, type DelayHistogram } from "@/lib/server/overload";

function fakeHistogram(initialMs = 0): DelayHistogram & { setMs(ms: number): void } {
  let valueNs = initialMs * 1e6;
  return {
    enable() {},
    disable() {},
    reset() {
      valueNs = 0;
    },
    percentile: () => valueNs,
    setMs(ms) {
      valueNs = ms * 1e6;
    },
  };
}

describe("decideAdmission", () => {
  it("sheds only new, non-admitted heavy work while overloaded", () => {
    assert.deepEqual(decideAdmission({ overloaded: false, admitted: false, isQueueEntry: false }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: true, isQueueEntry: false }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: true }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: false, isHeavy: false }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: false }), {
      action: "shed",
      status: 503,
      retryAfterSeconds: 10,
    });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: false, retryAfterSeconds: 0.2 }), {
      action: "shed",
      status: 503,
      retryAfterSeconds: 1,
    });
  });
});

describe("overload monitor", () => {
  it("is overloaded while the p99 event-loop delay exceeds the threshold", () => {
    const histogram = fakeHistogram();
    const monitor = createOverloadMonitor({ histogram, maxEventLoopDelayMs: 100 });
    assert.equal(monitor.isOverloaded(), false);
    histogram.setMs(250);
    assert.equal(monitor.isOverloaded(), true, "noticed within the current window");
    monitor.rotateWindow();
    assert.deepEqual(monitor.snapshot().reasons, ["event_loop_delay"], "last full window still counts");
    monitor.rotateWindow();
    assert.equal(monitor.isOverloaded(), false, "recovers after a calm window");
  });

  it("forgets the start-up stall when the server opens", () => {
    const histogram = fakeHistogram();
    const monitor = createOverloadMonitor({ histogram, maxEventLoopDelayMs: 100 });
    histogram.setMs(900); // loading the build and running the start-up jobs
    monitor.rotateWindow();
    assert.equal(monitor.isOverloaded(), true);
    monitor.forget();
    assert.equal(monitor.isOverloaded(), false, "neither the last window nor the current one counts any more");
  });

  it("holds a database-pool-exhausted signal for a while", () => {
    let now = 0;
    const monitor = createOverloadMonitor({ histogram: fakeHistogram(), databaseHoldMs: 5000, now: () => now });
    monitor.reportDatabasePoolExhausted();
    assert.deepEqual(monitor.snapshot().reasons, ["database_pool_exhausted"]);
    now = 4999;
    assert.equal(monitor.isOverloaded(), true);
    now = 5000;
    assert.equal(monitor.isOverloaded(), false);
  });

  it("notices a real blocked event loop", async () => {
    const monitor = createOverloadMonitor({ maxEventLoopDelayMs: 100, resolutionMs: 10, windowMs: 60_000 });
    monitor.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = Date.now() + 300;
      while (Date.now() < until); // block the loop like a CPU-bound request would
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(monitor.isOverloaded(), true);
      assert.ok(monitor.snapshot().eventLoopDelayP99Ms >= 100);
    } finally {
      monitor.stop();
    }
  });
});
