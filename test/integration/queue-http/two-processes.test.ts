// Two server processes share one queue through Redis (127.0.0.1:6379, a fresh key prefix): every
// request of every simulated browser goes to a random one of them. Settings saved on one are seen by
// the other, tickets issued by one are accepted by the other, the active limit holds across both,
// and admissions are counted once.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { after, before, describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import { freePort } from "@/test/helpers/free-port";
import { Browser } from "./client";

const database = useTestDatabase();
const REDIS_URL = "redis://127.0.0.1:6379";
const PREFIX = `test:queue-http:${randomBytes(6).toString("hex")}`;
const SERVER = fileURLToPath(new URL("./server.ts", import.meta.url));
// Ports the system picks: a fixed range once met a port another service on the machine held (NATS, 4222).
const PORTS = [await freePort(), await freePort()];
const BROWSERS = 30;
const MAX_ACTIVE = 5;

// Every server started, kept as soon as it is spawned: when one fails to start, the other is still stopped.
const children: ChildProcess[] = [];

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", SERVER, String(port)], {
    env: { ...process.env, REDIS_URL, QUEUE_REDIS_PREFIX: PREFIX, QUEUE_MAX_TICKETS_PER_IP: "1000", DATABASE_URL: database.url, DATA_DIR: database.dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line === `ready ${port}`) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`server on ${port} exited with ${code}`)));
  });
}

type TSummary = { areas: { area: string; active: number; waiting: number; admittedTotal: number; maxActiveUsers: number }[] };

describe(`two server processes sharing one Redis queue (${database.kind})`, () => {
  const bases = PORTS.map((p) => `http://127.0.0.1:${p}`);
  const anyBase = () => bases[Math.floor(Math.random() * bases.length)];
  let operatorToken = "";

  before(async () => {
    const { createApiToken } = await import("@/lib/auth/api-tokens");
    const operator = await makeUser("OPERATOR");
    operatorToken = (await createApiToken({ userId: operator.id, name: "two processes", actor: { id: operator.id, label: "test" } })).secret;
    await Promise.all(PORTS.map(startServer));
  });

  after(async () => {
    for (const child of children) child.kill("SIGTERM");
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const summaryFrom = async (base: string) => ((await (await fetch(`${base}/api/v1/queue`)).json()) as TSummary).areas.find((a) => a.area === "buy")!;

  test("settings, tickets and sessions work across both; at most maxActiveUsers; admissions counted once", async () => {
    const saved = await fetch(`${bases[0]}/api/v1/admin/queue/buy`, {
      method: "PUT",
      headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
      body: JSON.stringify({ enabled: true, maxActiveUsers: MAX_ACTIVE, admitPerMinute: 6000, sessionMinutes: 5 }),
    });
    assert.equal(saved.status, 200);
    // The other process reads the settings from Redis (its cache lasts at most a second).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await summaryFrom(bases[1])).maxActiveUsers, MAX_ACTIVE);

    // Each browser talks to a random process on every request (a load balancer without stickiness).
    const browsers = Array.from({ length: BROWSERS }, (_, i) => ({ id: i, jar: new Browser(bases[0], { "x-forwarded-for": `10.9.${i >> 8}.${i & 255}` }), admitted: 0 }));
    const go = (b: (typeof browsers)[number], path: string, method = "GET") => b.jar.request(new URL(path, anyBase()).toString(), { method });
    let servedBy = new Set<string>();
    for (const b of browsers) {
      const response = await go(b, "/buy");
      if (response.status === 200) {
        b.admitted += 1;
        servedBy.add(((await response.json()) as { pid: number }).pid.toString());
      } else {
        assert.equal(response.status, 303);
        assert.ok(b.jar.cookies.get("mtr_qt_buy"));
      }
    }
    assert.equal(browsers.filter((b) => b.admitted).length, MAX_ACTIVE, "only maxActiveUsers admitted at first");

    let maxActiveSeen = 0;
    const deadline = Date.now() + 30_000;
    const finished = new Set<number>();
    while (finished.size < BROWSERS && Date.now() < deadline) {
      await Promise.all(
        browsers.map(async (b) => {
          if (finished.has(b.id)) return;
          if (!b.admitted) {
            const view = (await (await go(b, "/api/v1/queue/ticket?area=buy")).json()) as { state: string };
            assert.notEqual(view.state, "refused", `browser ${b.id} refused by a process that did not issue its ticket`);
            if (view.state !== "admitted") return;
            b.admitted += 1;
          }
          // The session works on whichever process serves the next request, then the place is freed.
          const page = await go(b, "/buy/checkout");
          assert.equal(page.status, 200, `browser ${b.id} admitted but not let through`);
          servedBy.add(((await page.json()) as { pid: number }).pid.toString());
          const left = (await (await go(b, "/api/v1/queue/leave?area=buy", "POST")).json()) as { released: boolean };
          assert.equal(left.released, true);
          finished.add(b.id);
        }),
      );
      const [a, c] = await Promise.all(bases.map(summaryFrom));
      maxActiveSeen = Math.max(maxActiveSeen, a.active, c.active);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(finished.size, BROWSERS, "everybody got in");
    assert.ok(browsers.every((b) => b.admitted === 1), "each browser admitted exactly once");
    assert.ok(maxActiveSeen <= MAX_ACTIVE, `active never above ${MAX_ACTIVE} (saw ${maxActiveSeen})`);
    assert.equal(servedBy.size, 2, "both processes served admitted browsers");
    const [a, c] = await Promise.all(bases.map(summaryFrom));
    assert.equal(a.admittedTotal, BROWSERS, "admissions counted once across both processes");
    assert.equal(c.admittedTotal, BROWSERS);
    assert.equal(a.active, 0);
    assert.equal(a.waiting, 0);
    servedBy = new Set();
  });
});
