// The front door (lib/server/front-door.ts) over real HTTP: Next gets a bounded number of requests at
// once, the rest wait their turn in order or are shed with 503 + Retry-After when too many wait, and
// the status page and payment notifications are answered even while every turn is taken.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import { listenOnFreePort } from "@/test/helpers/free-port";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();
process.env.SERVER_MAX_CONCURRENT = "2";
process.env.SERVER_MAX_QUEUED = "1";
let PORT = 0; // chosen by the system when the server listens
let base = "";

describe(`front door (${database.kind})`, () => {
  let server: Server;
  /** The requests "Next" (the stand-in) holds, in the order it received them. */
  const held: { path: string; res: ServerResponse }[] = [];
  const reached = () => held.map((h) => h.path);
  const finish = (index: number) => held[index].res.end("done");
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

  before(async () => {
    const { handleAtFrontDoor } = await import("@/lib/server/front-door");
    const next = (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith("/api/v1/payments/notifications/")) return void res.end("notified");
      held.push({ path: req.url ?? "", res });
    };
    server = createServer((req, res) => void handleAtFrontDoor(req, res, next));
    PORT = await listenOnFreePort(server);
    base = `http://127.0.0.1:${PORT}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("two requests at a time reach Next, the third waits its turn, a fourth is shed; status and notifications never wait", async () => {
    const first = fetch(`${base}/orders/1`);
    const second = fetch(`${base}/orders/2`);
    await settle();
    const third = fetch(`${base}/orders/3`);
    await settle();
    assert.deepEqual(reached(), ["/orders/1", "/orders/2"]);

    const shed = await fetch(`${base}/api/v1/something`);
    assert.equal(shed.status, 503);
    assert.ok(Number(shed.headers.get("retry-after")) > 0);
    assert.equal(((await shed.json()) as { error: { code: string } }).error.code, "OVERLOADED");

    const status = await fetch(`${base}/status`);
    assert.equal(status.status, 200);
    assert.match(await status.text(), /<html/);
    const notification = await fetch(`${base}/api/v1/payments/notifications/simulator`, { method: "POST", body: "{}" });
    assert.equal(await notification.text(), "notified");

    finish(1);
    assert.equal(await (await second).text(), "done");
    await settle();
    assert.deepEqual(reached(), ["/orders/1", "/orders/2", "/orders/3"]);
    finish(0);
    finish(2);
    assert.equal(await (await first).text(), "done");
    assert.equal(await (await third).text(), "done");
  });

  test("a request whose client left while waiting gives its turn to the next one", async () => {
    held.length = 0;
    const a = fetch(`${base}/a`);
    const b = fetch(`${base}/b`);
    await settle();
    const gone = new AbortController();
    const c = fetch(`${base}/c`, { signal: gone.signal }).catch(() => "aborted");
    await settle();
    gone.abort();
    assert.equal(await c, "aborted");
    await settle();
    const d = fetch(`${base}/d`);
    await settle();
    finish(0);
    await a;
    await settle();
    assert.deepEqual(reached(), ["/a", "/b", "/d"]);
    finish(1);
    finish(2);
    await Promise.all([b, d]);
  });
});
