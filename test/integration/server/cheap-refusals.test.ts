// Refusals cost next to nothing: when every turn is taken and the line is full, a burst of uploads that
// each announce a 20 MB body is answered 503 + Retry-After before the bodies are read, and the
// connections are closed; the status page keeps answering meanwhile.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();
process.env.SERVER_MAX_CONCURRENT = "1";
process.env.SERVER_MAX_QUEUED = "1";

const ANNOUNCED = 20 * 1024 * 1024;
const UPLOADS = 30;

/**
 * An upload as a client that announces 20 MB sends it: the request head, then body bytes as fast as the
 * connection takes them, until the answer comes (a raw socket, so that the client's own cost is nothing).
 */
function announceUpload(port: number): Promise<{ status: number; retryAfter: number; connection: string | null; code: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, 0x25);
    let answer = "";
    let sent = 0;
    const pump = () => {
      while (sent < ANNOUNCED && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
    };
    socket.on("connect", () => {
      socket.write(`POST /api/v1/affix HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nAuthorization: Bearer mtr_not_a_real_token_0000\r\nContent-Length: ${ANNOUNCED}\r\n\r\n`);
      pump();
    });
    socket.on("data", (data) => (answer += data.toString("latin1")));
    socket.on("error", () => undefined); // the server closes while we still send: expected
    socket.on("close", () => {
      const head = /^HTTP\/1\.1 (\d{3})[\s\S]*?\r\n\r\n/.exec(answer);
      if (!head) return reject(new Error(`no answer (${answer.length} bytes)`));
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head[0])?.[1]?.trim() ?? null;
      const body = JSON.parse(answer.slice(head[0].length)) as { error: { code: string } };
      resolve({ status: Number(head[1]), retryAfter: Number(header("retry-after")), connection: header("connection"), code: body.error.code });
    });
  });
}

describe(`cheap refusals (${database.kind})`, () => {
  let server: Server;
  let base = "";
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();

  before(async () => {
    const { handleAtFrontDoor } = await import("@/lib/server/front-door");
    // Stands in for Next: holds every request it is given until the test lets it go.
    const next = (_req: IncomingMessage, res: ServerResponse) => void held.push(res);
    server = createServer((req, res) => void handleAtFrontDoor(req, res, next));
    server.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const res of held) res.end();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("a burst of refused 20 MB uploads is answered without reading the bodies, and /status keeps answering", async () => {
    assert.equal((await fetch(`${base}/status`)).status, 200, "the status page, loaded once before the burst");
    // One request holds the only turn, a second waits in the only place in line.
    const holding = [fetch(`${base}/orders/1`), fetch(`${base}/orders/2`)];
    for (let i = 0; i < 50 && held.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(held.length, 1);
    const before = [...sockets].reduce((n, s) => n + s.bytesRead, 0);

    const started = performance.now();
    const port = (server.address() as AddressInfo).port;
    const answers = await Promise.all(Array.from({ length: UPLOADS }, () => announceUpload(port)));
    const elapsed = performance.now() - started;
    const status = await fetch(`${base}/status`);

    const received = [...sockets].reduce((n, s) => n + s.bytesRead, 0) - before;
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([503]));
    assert.deepEqual(new Set(answers.map((a) => a.code)), new Set(["OVERLOADED"]));
    assert.ok(answers.every((a) => a.retryAfter >= 1 && a.connection === "close"));
    // Retry-After carries jitter: refused clients are not told to come back all at the same second.
    assert.ok(new Set(answers.map((a) => a.retryAfter)).size > 1, `Retry-After values: ${answers.map((a) => a.retryAfter).join(",")}`);
    assert.ok(received < 0.05 * UPLOADS * ANNOUNCED, `the server read ${(received / 1048576).toFixed(1)} MB of ${(UPLOADS * ANNOUNCED) / 1048576} MB announced`);
    assert.equal(status.status, 200);
    console.log(`${UPLOADS} refusals in ${elapsed.toFixed(0)} ms; ${(received / 1048576).toFixed(1)} MB read of ${(UPLOADS * ANNOUNCED) / 1048576} MB announced`);

    for (const res of held.splice(0)) res.end("done");
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const res of held.splice(0)) res.end("done");
    assert.deepEqual((await Promise.all(holding)).map((r) => r.status), [200, 200]);
  });
});
