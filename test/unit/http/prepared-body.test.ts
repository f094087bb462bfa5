import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { preparedBody, responseWithBytes } from "@/lib/http/prepared-body";

describe("prepared bodies", () => {
  it("keeps the very bytes for the front door, and gives the same bytes to whoever reads the Response", async () => {
    const bytes = new Uint8Array(new SharedArrayBuffer(300_000)).fill(7, 0, 300_000);
    let sent = 0;
    const response = responseWithBytes(bytes, { status: 201, headers: { "Content-Type": "application/pdf" } }, { sent: () => sent++ });
    const prepared = preparedBody(response);
    assert.equal(prepared?.bytes, bytes, "not a copy");
    prepared?.sent?.();
    assert.equal(sent, 1);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("content-type"), "application/pdf");
    assert.equal(response.headers.get("content-length"), "300000");
    const read = new Uint8Array(await response.arrayBuffer());
    assert.equal(read.byteLength, 300_000);
    assert.ok(read.every((b) => b === 7));
  });

  it("answers an empty body as empty", async () => {
    const response = responseWithBytes(new Uint8Array(0), { status: 200 });
    assert.equal(response.headers.get("content-length"), "0");
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  it("is unknown for a Response made otherwise", () => {
    assert.equal(preparedBody(new Response("x")), undefined);
  });
});
