// The headers every answer carries, whoever writes it: Next (a stand-in here), the front door's own
// status page, or one of its refusals. The portal is configured as deployed behind https.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import { freePort } from "@/test/helpers/free-port";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();
process.env.PUBLIC_URL = "https://meterai.example";
const PORT = await freePort();
const base = `http://127.0.0.1:${PORT}`;

describe(`security headers at the front door (${database.kind})`, () => {
  let server: Server;
  /** What "Next" was handed: the request headers it saw. */
  const seen: IncomingMessage["headers"][] = [];

  before(async () => {
    const { handleAtFrontDoor } = await import("@/lib/server/front-door");
    const next = (req: IncomingMessage, res: ServerResponse) => {
      seen.push({ ...req.headers });
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end("<!doctype html><p>page</p>");
    };
    server = createServer((req, res) => void handleAtFrontDoor(req, res, next));
    await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("with an https PUBLIC_URL every answer sends Strict-Transport-Security", async () => {
    for (const path of ["/account", "/status", "/api/v2/status.json"]) {
      const response = await fetch(`${base}${path}`);
      await response.arrayBuffer();
      assert.equal(response.headers.get("strict-transport-security"), "max-age=31536000", path);
    }
  });

  test("every answer has a script policy without 'unsafe-inline', with a fresh nonce that Next is handed on the request", async () => {
    const nonces = new Set<string>();
    for (const path of ["/account", "/account", "/status", "/queue?area=buy"]) {
      seen.length = 0;
      // A client cannot choose the nonce: what it sends is replaced.
      const response = await fetch(`${base}${path}`, { headers: { "content-security-policy": "script-src 'nonce-chosen'" } });
      await response.arrayBuffer();
      const policy = response.headers.get("content-security-policy") ?? "";
      const scriptSrc = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
      assert.doesNotMatch(scriptSrc, /unsafe-inline/, path);
      const nonce = /'nonce-([A-Za-z0-9+/=]{22,})'/.exec(scriptSrc)?.[1];
      assert.ok(nonce, `${path}: ${policy}`);
      assert.notEqual(nonce, "chosen");
      nonces.add(nonce);
      assert.match(policy, /frame-ancestors 'none'/);
      if (path === "/account") assert.equal(seen[0]?.["content-security-policy"], policy, "Next reads the nonce from the request's policy");
    }
    assert.equal(nonces.size, 4, "a new nonce for every response");
  });

  test("the waiting page's own inline script carries the response's nonce", async () => {
    const { waitingPageRoute } = await import("@/lib/queue/routes");
    const { QUEUE_STATE_HEADER } = await import("@/lib/queue/http-identity");
    const view = { state: "waiting", area: "buy", phase: "queue", position: 3, ahead: 2, preQueueSize: null, opensAt: null, estimatedWaitSeconds: 60, updatedAt: new Date().toISOString(), pollAfterSeconds: 5 };
    const response = waitingPageRoute(
      new Request(`${base}/queue?area=buy`, { headers: { "content-security-policy": "script-src 'self' 'nonce-bm9uY2Ugb2YgdGhpcyBhbnN3ZXI='", [QUEUE_STATE_HEADER]: JSON.stringify(view) } }),
    );
    const html = await response.text();
    assert.match(html, /data-testid="queue-position">3</, "the waiting state is rendered");
    const scripts = html.match(/<script(?![^>]*application\/json)[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.equal(tag, `<script nonce="bm9uY2Ugb2YgdGhpcyBhbnN3ZXI=">`);
  });
});
