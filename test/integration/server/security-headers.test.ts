// The headers every answer carries, whoever writes it: Next (a stand-in here), the front door's own
// status page, or one of its refusals. The portal is configured as deployed behind https.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();
process.env.PUBLIC_URL = "https://meterai.example";
const PORT = 3790 + Math.floor(Math.random() * 9);
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
});
