// Upload bodies under the front door: readMultipart reads the Node request straight from the socket
// (lib/http/raw-request.ts) instead of the web stream Next builds over it, gets the same bytes, and
// refuses a body that grows past the limit even when it came without a Content-Length. (The paths are
// upload routes, which the front door lets stream large bodies; the handler here stands in for them.)
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { listenOnFreePort } from "@/test/helpers/free-port";
import { useTestDatabase } from "@/test/helpers/test-database";

const database = useTestDatabase();
let PORT = 0; // chosen by the system when the server listens
let base = "";
const LIMIT = 1024 * 1024;

describe(`upload bodies through the front door (${database.kind})`, () => {
  let server: Server;
  const outcomes: string[] = [];

  before(async () => {
    const { handleAtFrontDoor } = await import("@/lib/server/front-door");
    const { readMultipart } = await import("@/lib/http/read-multipart");
    const { isAppError } = await import("@/lib/errors");
    // Stands in for Next: builds the route's Request the way Next does (the IncomingMessage as its body).
    const next = async (req: IncomingMessage, res: ServerResponse) => {
      // The route is still busy (auth, a lookup) when its client goes away.
      // As in Next, the route's Request exists before the route starts its work.
      const request = new Request(`${base}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req as unknown as ReadableStream,
        duplex: "half",
      } as RequestInit);
      if (req.url === "/api/v1/verify/batches") await new Promise((resolve) => setTimeout(resolve, 300));
      try {
        const form = await readMultipart(request, LIMIT);
        const files = form.files("file").map((f) => ({ name: f.filename, sha256: createHash("sha256").update(f.bytes).digest("hex") }));
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ files, note: form.text("note"), webStreamUntouched: !request.bodyUsed }));
      } catch (error) {
        outcomes.push(isAppError(error) ? error.code : String(error));
        res.statusCode = isAppError(error) ? error.status : 500;
        res.end(JSON.stringify({ code: isAppError(error) ? error.code : String(error) }));
      }
    };
    server = createServer((req, res) => void handleAtFrontDoor(req, res, (q, s) => void next(q, s)));
    PORT = await listenOnFreePort(server);
    base = `http://127.0.0.1:${PORT}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test("files arrive byte for byte, read from the socket rather than Next's web stream", async () => {
    const a = randomBytes(300_000);
    const b = randomBytes(5);
    const form = new FormData();
    form.append("note", "catatan");
    form.append("file", new Blob([a]), "a.pdf");
    form.append("file", new Blob([b]), "b.pdf");
    const response = await fetch(`${base}/api/v1/verify`, { method: "POST", body: form });
    const body = (await response.json()) as { files: { name: string; sha256: string }[]; note: string; webStreamUntouched: boolean };
    assert.equal(response.status, 200);
    assert.deepEqual(body.files, [
      { name: "a.pdf", sha256: createHash("sha256").update(a).digest("hex") },
      { name: "b.pdf", sha256: createHash("sha256").update(b).digest("hex") },
    ]);
    assert.equal(body.note, "catatan");
    assert.equal(body.webStreamUntouched, true);
  });

  test("a client that left before its body was read ends the read with an error, not a wait forever", async () => {
    const before = outcomes.length;
    const request = httpRequest(`${base}/api/v1/verify/batches`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": "100000" } });
    request.on("error", () => undefined);
    request.write(Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    request.destroy();
    for (let i = 0; i < 40 && outcomes.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(outcomes.slice(before), ["MALFORMED_MULTIPART"]);
  });

  test("a chunked body without Content-Length is refused once it passes the limit", async () => {
    const boundary = "batas-uji";
    async function* endless() {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="besar.pdf"\r\n\r\n`);
      for (let i = 0; i < 64; i++) yield randomBytes(64 * 1024); // 4 MB, past the 1 MB (+1 MB envelope) limit
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(`${base}/api/v1/verify`, { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "transfer-encoding": "chunked" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      request.on("error", reject);
      Readable.from(endless()).pipe(request);
    });
    assert.equal(status, 413);
    assert.equal((JSON.parse(text) as { code: string }).code, "PAYLOAD_TOO_LARGE");
  });
});
