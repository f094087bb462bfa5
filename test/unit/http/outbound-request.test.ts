// postToPublicUrl against a real local receiver (allowed explicitly, as tests and internal receivers are):
// a host name is resolved once and the connection goes to that address; redirects are followed by hand.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";

process.env.WEBHOOK_ALLOWED_NETWORKS = "127.0.0.1,::1";
const { postToPublicUrl } = await import("@/lib/http/outbound-request");

const received: { method: string; url: string; body: string }[] = [];
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ method: req.method ?? "", url: req.url ?? "", body });
    const hops = /^\/loop\/(\d+)$/.exec(req.url ?? "");
    if (hops) return void res.writeHead(307, { Location: `/loop/${Number(hops[1]) + 1}` }).end();
    if (req.url === "/see-other") return void res.writeHead(303, { Location: "/landing" }).end();
    if (req.url === "/to-ftp") return void res.writeHead(302, { Location: "ftp://127.0.0.1/x" }).end();
    if (req.url === "/to-internal") return void res.writeHead(308, { Location: "http://127.0.0.2/admin" }).end();
    res.end("ok");
  });
});
let port = 0;
const options = { headers: { "Content-Type": "application/json" }, body: '{"event":"test"}', timeoutMs: 5000 };

before(async () => {
  // Both loopbacks: "localhost" may resolve to either.
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

test("a host name is resolved, checked and connected to; the POST arrives with its body", async () => {
  received.length = 0;
  const response = await postToPublicUrl(`http://localhost:${port}/hook`, options);
  assert.equal(response.status, 200);
  assert.deepEqual(received, [{ method: "POST", url: "/hook", body: '{"event":"test"}' }]);
});

test("redirects are followed by hand: 307 repeats the POST, 303 goes on with a GET, at most three hops", async () => {
  received.length = 0;
  await assert.rejects(postToPublicUrl(`http://127.0.0.1:${port}/loop/0`, options), /more than 3 redirects/);
  assert.deepEqual(received.map((r) => `${r.method} ${r.url} ${r.body.length}`), ["POST /loop/0 16", "POST /loop/1 16", "POST /loop/2 16", "POST /loop/3 16"]);

  received.length = 0;
  assert.equal((await postToPublicUrl(`http://127.0.0.1:${port}/see-other`, options)).status, 200);
  assert.deepEqual(received.map((r) => `${r.method} ${r.url}`), ["POST /see-other", "GET /landing"]);

  await assert.rejects(postToPublicUrl(`http://127.0.0.1:${port}/to-ftp`, options), /ftp: URL/);
  await assert.rejects(postToPublicUrl(`http://127.0.0.1:${port}/to-internal`, options), (e: { code?: string }) => e.code === "ADDRESS_NOT_ALLOWED");
});
