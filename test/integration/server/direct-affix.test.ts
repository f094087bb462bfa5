// POST /api/v1/affix under the front door: served by the front door itself (not handed to Next), with
// the upload read from the socket, the stamped PDF written as it is, and errors as the API's JSON.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import { listenOnFreePort } from "@/test/helpers/free-port";
import { useTestDatabase } from "@/test/helpers/test-database";
import { giveQuota, makeUser } from "@/test/helpers/factories";
import { corpusFile, pdfsigValidations } from "@/test/helpers/pdf-tools";
import { closeWorkerPools } from "@/test/helpers/worker-pools";

const database = useTestDatabase();
after(closeWorkerPools);
let PORT = 0; // chosen by the system when the server listens
let base = "";

describe(`the affix API at the front door (${database.kind})`, () => {
  let server: Server;
  /** What reached the stand-in for Next. */
  const toNext: string[] = [];
  let token = "";

  before(async () => {
    const { handleAtFrontDoor } = await import("@/lib/server/front-door");
    const { createApiToken } = await import("@/lib/auth/api-tokens");
    const next = (req: IncomingMessage, res: ServerResponse) => {
      toNext.push(`${req.method} ${req.url}`);
      res.end("next");
    };
    server = createServer((req, res) => void handleAtFrontDoor(req, res, next));
    PORT = await listenOnFreePort(server);
    base = `http://127.0.0.1:${PORT}`;
    const user = await makeUser("APPLICANT");
    await giveQuota(user.id, 4);
    token = (await createApiToken({ userId: user.id, name: "front door", actor: { id: user.id, label: user.email } })).secret;
    // A first stamp loads the modules on the way (compiled by tsx here) and creates the signing certificate.
    assert.equal((await affix(corpusFile("normal.pdf"), "front-door-warm-up")).status, 200);
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const affix = (pdf: Uint8Array, key: string, auth = `Bearer ${token}`) => {
    const form = new FormData();
    form.append("file", new Blob([pdf as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "surat lamaran.pdf");
    form.append("placements", JSON.stringify([{ page: 1, x: 400, y: 40 }]));
    form.append("documentType", "Surat Lamaran");
    form.append("documentNumber", "12/SL/2026");
    form.append("documentDate", "2026-09-06");
    return fetch(`${base}/api/v1/affix?lang=id`, { method: "POST", headers: { authorization: auth, "idempotency-key": key }, body: form });
  };

  test("a stamp is made and answered by the front door; a retry with the key gives the same file", async () => {
    const input = corpusFile("normal.pdf");
    const response = await affix(input, "front-door-0001");
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get("content-type"), "application/pdf");
    assert.equal(response.headers.get("content-disposition"), 'attachment; filename="surat_lamaran-bermeterai.pdf"');
    assert.equal(response.headers.get("x-content-type-options"), "nosniff"); // the security headers, as on every answer
    const serials = response.headers.get("x-meterai-serials")?.split(",") ?? [];
    assert.equal(serials.length, 1);
    const output = new Uint8Array(await response.arrayBuffer());
    assert.equal(Number(response.headers.get("content-length")), output.length);
    assert.deepEqual(output.subarray(0, input.length), input);
    assert.deepEqual(pdfsigValidations(output), ["Signature is Valid."]);

    const retry = await affix(input, "front-door-0001");
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get("x-idempotent-replay"), "true");
    assert.equal(retry.headers.get("x-meterai-serials"), serials.join(","));
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    assert.equal(sha(new Uint8Array(await retry.arrayBuffer())), sha(output));
    assert.deepEqual(toNext, []);
  });

  test("refusals are the API's JSON errors: no token, not a PDF", async () => {
    const anonymous = await affix(corpusFile("normal.pdf"), "front-door-0002", "");
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, "UNAUTHENTICATED");
    const notPdf = await affix(new TextEncoder().encode("hello, not a PDF"), "front-door-0003");
    assert.equal(notPdf.status, 422);
    const body = (await notPdf.json()) as { error: { code: string; message: string; messageId: string } };
    assert.ok(body.error.code && body.error.message && body.error.messageId, JSON.stringify(body));
    // A Host header that is no host name does not break the request (it used to make its URL invalid: 503).
    const badHost = await new Promise<number>((resolve, reject) =>
      httpRequest({ host: "127.0.0.1", port: PORT, path: "/api/v1/affix", method: "POST", headers: { host: "bad host/", "content-type": "multipart/form-data; boundary=x" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end("--x--\r\n"),
    );
    assert.equal(badHost, 401);
    // Only the affix API is served here: other requests still go to Next.
    await (await fetch(`${base}/api/v1/quota`)).text();
    assert.deepEqual(toNext, ["GET /api/v1/quota"]);
  });
});
