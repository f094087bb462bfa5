// Two server processes share one Redis prefix and race to enter, poll and release visitors.
// Admission numbers come from one Redis counter, so they prove exactly-once admission globally.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createRedisStore, type RedisQueueStore } from "@/lib/queue/redis-store";
import { createWaitingRoom, type WaitingRoom } from "@/lib/queue/waiting-room";
import { randomPrefix, REDIS_URL, SECRET } from "./harness";
import type { WorkerConfig } from "./worker";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const PHASES = 3;
const PER_PHASE_PER_WORKER = 40;
const SETTINGS = { enabled: true, maxActiveUsers: 15, admitPerMinute: 3000 };
const BURST_SECONDS = 0.1;

type Message = { type: "entered"; phase: number } | { type: "done"; admissions: { visitor: number; admissionNumber: number }[] };

class Worker {
  private readonly messages: Message[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(config: WorkerConfig) {
    this.child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(config)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    createInterface({ input: this.child.stdout! }).on("line", (line) => {
      this.messages.push(JSON.parse(line) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.exited = new Promise((resolve) => this.child.on("exit", resolve));
  }

  go(): void {
    this.child.stdin!.write("go\n");
  }

  async next<T extends Message["type"]>(type: T): Promise<Extract<Message, { type: T }>> {
    for (;;) {
      const index = this.messages.findIndex((message) => message.type === type);
      if (index >= 0) return this.messages.splice(index, 1)[0] as Extract<Message, { type: T }>;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

function visitorsOf(worker: number): number[][] {
  return Array.from({ length: PHASES }, (_, phase) =>
    Array.from({ length: PER_PHASE_PER_WORKER }, (_, i) => (phase * PER_PHASE_PER_WORKER + i) * 2 + worker),
  );
}

describe("Redis store shared by two processes", () => {
  const prefix = randomPrefix();
  let store: RedisQueueStore;
  let room: WaitingRoom;

  before(async () => {
    store = createRedisStore({ prefix, url: REDIS_URL });
    room = createWaitingRoom({ store, secret: SECRET, settings: { buy: SETTINGS }, burstSeconds: BURST_SECONDS });
    await room.getSettings({ area: "buy" });
  });
  after(async () => {
    await store.deleteAllKeys();
    await store.close();
  });

  it("admits every visitor exactly once, within the limits, in FIFO order", { timeout: 60_000 }, async () => {
    const phases = [visitorsOf(0), visitorsOf(1)];
    const workers = phases.map(
      (own) => new Worker({ prefix, phases: own, settings: SETTINGS, burstSeconds: BURST_SECONDS, holdMs: 100 }),
    );

    let maxActive = 0;
    let sampling = true;
    const startedAt = Date.now();
    const sampler = (async () => {
      while (sampling) {
        const summary = await room.summary({ area: "buy" });
        maxActive = Math.max(maxActive, summary.active);
        const allowed = BURST_SECONDS * 50 + ((Date.now() - startedAt) / 1000) * (SETTINGS.admitPerMinute / 60) + 2;
        assert.ok(summary.admittedTotal <= allowed, `admitted ${summary.admittedTotal} > allowed ${allowed}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    // Every phase starts only after both processes finished entering the previous one.
    for (let phase = 0; phase < PHASES; phase += 1) {
      for (const worker of workers) worker.go();
      for (const worker of workers) await worker.next("entered");
    }
    const results = await Promise.all(workers.map((worker) => worker.next("done")));
    sampling = false;
    await sampler;
    assert.deepEqual(await Promise.all(workers.map((worker) => worker.exited)), [0, 0]);

    const total = PHASES * PER_PHASE_PER_WORKER * 2;
    const numberOf = new Map<number, number>();
    for (const { admissions } of results) {
      for (const { visitor, admissionNumber } of admissions) {
        assert.ok(!numberOf.has(visitor), `visitor ${visitor} admitted twice`);
        numberOf.set(visitor, admissionNumber);
      }
    }
    assert.equal(numberOf.size, total, "every visitor admitted");
    const numbers = [...numberOf.values()].sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: total }, (_, i) => i + 1), "one admission each, counted once");
    assert.equal((await room.summary({ area: "buy" })).admittedTotal, total);
    assert.ok(maxActive <= SETTINGS.maxActiveUsers, `max active ${maxActive}`);

    // FIFO across processes: everyone of an earlier phase before anyone of a later one,
    // and within each process in the order it entered its visitors.
    for (let phase = 1; phase < PHASES; phase += 1) {
      const earlier = phases.flatMap((own) => own[phase - 1]).map((visitor) => numberOf.get(visitor)!);
      const later = phases.flatMap((own) => own[phase]).map((visitor) => numberOf.get(visitor)!);
      assert.ok(Math.max(...earlier) < Math.min(...later), `phase ${phase - 1} before phase ${phase}`);
    }
    for (const own of phases) {
      const sequence = own.flat().map((visitor) => numberOf.get(visitor)!);
      assert.deepEqual(sequence, [...sequence].sort((a, b) => a - b), "a process's visitors keep their order");
    }
  });
});
