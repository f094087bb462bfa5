// A server process in the multi-process test: enters its visitors phase by phase (the parent
// starts each phase on stdin once every worker finished the previous one), then polls them until
// all are admitted, holding each session briefly before releasing it. Prints JSON lines.
import { createInterface } from "node:readline";
import { createRedisStore } from "@/lib/queue/redis-store";
import type { AreaSettings } from "@/lib/queue/types";
import { createWaitingRoom } from "@/lib/queue/waiting-room";
import { anonymous, REDIS_URL, SECRET } from "./harness";

export interface WorkerConfig {
  prefix: string;
  phases: number[][];
  settings: Partial<AreaSettings>;
  burstSeconds: number;
  holdMs: number;
}

interface Admission {
  visitor: number;
  admissionNumber: number;
}

const config = JSON.parse(process.argv[2]) as WorkerConfig;
const store = createRedisStore({ prefix: config.prefix, url: REDIS_URL });
const room = createWaitingRoom({ store, secret: SECRET, settings: { buy: config.settings }, burstSeconds: config.burstSeconds });
const tickets = new Map<number, string>();
const admissions: Admission[] = [];
const releases: Promise<unknown>[] = [];
const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function admitted(visitor: number, admissionNumber: number | null, sessionToken: string): void {
  tickets.delete(visitor);
  admissions.push({ visitor, admissionNumber: admissionNumber ?? -1 });
  const release = new Promise((resolve) => setTimeout(resolve, config.holdMs)).then(() =>
    room.release({ area: "buy", visitor: anonymous(visitor), token: sessionToken }),
  );
  releases.push(release);
}

async function pollAll(): Promise<void> {
  const waiting = [...tickets.entries()];
  // Several polls in flight at once, as on a real server, racing the other process.
  for (let i = 0; i < waiting.length; i += 10) {
    await Promise.all(
      waiting.slice(i, i + 10).map(async ([visitor, ticketToken]) => {
        const result = await room.poll({ area: "buy", visitor: anonymous(visitor), ticketToken });
        if (result.state === "admitted") admitted(visitor, result.admissionNumber, result.sessionToken);
        else if (result.state === "refused") throw new Error(`visitor ${visitor} refused: ${result.reason}`);
      }),
    );
  }
}

let polling = true;
const poller = (async () => {
  while (polling || tickets.size > 0) {
    await pollAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
})();

for (const [phase, visitors] of config.phases.entries()) {
  await lines.next(); // "go"
  for (const visitor of visitors) {
    const result = await room.enter({ area: "buy", visitor: anonymous(visitor) });
    if (result.state === "admitted") admitted(visitor, result.admissionNumber, result.sessionToken);
    else if (result.state === "waiting") tickets.set(visitor, result.ticketToken);
    else throw new Error(`visitor ${visitor} refused: ${result.reason}`);
  }
  send({ type: "entered", phase });
}
polling = false;
await poller;
await Promise.all(releases);
send({ type: "done", admissions });
await store.close();
process.stdin.destroy();
