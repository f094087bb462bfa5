import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { boundaryOf, readMultipartForm } from "@/lib/http/multipart-parser";
import { idleSharedBytes, joinShared, releaseSharedBytes } from "@/lib/http/upload-memory";

async function encode(files: Uint8Array[]): Promise<{ body: Buffer; boundary: string }> {
  const form = new FormData();
  files.forEach((bytes, i) => form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), `dokumen-${i}.pdf`));
  const request = new Request("http://portal.test/", { method: "POST", body: form });
  return { body: Buffer.from(await request.arrayBuffer()), boundary: boundaryOf(request.headers.get("content-type") ?? "")! };
}

async function* inChunks(body: Buffer) {
  for (let at = 0; at < body.length; at += 64 * 1024) yield body.subarray(at, at + 64 * 1024);
}

describe("upload memory", () => {
  it("gives a block back to the next upload of a similar size, with nothing of the earlier one left in it", () => {
    const first = joinShared([Buffer.alloc(500_000, 0xaa), Buffer.alloc(400_000, 0xbb)]);
    assert.equal(first.byteLength, 900_000);
    assert.equal(first[0], 0xaa);
    assert.equal(first[899_999], 0xbb);
    const block = first.buffer;
    const idleBefore = idleSharedBytes();
    releaseSharedBytes([first]);
    assert.equal(idleSharedBytes(), idleBefore + block.byteLength);
    const second = joinShared([Buffer.alloc(700_000, 0x11)]);
    assert.equal(second.buffer, block, "the same block, reused");
    assert.equal(second.byteLength, 700_000);
    assert.equal(idleSharedBytes(), idleBefore);
    const whole = new Uint8Array(second.buffer);
    assert.ok(whole.subarray(0, 700_000).every((byte) => byte === 0x11), "the new upload's bytes");
    assert.ok(whole.subarray(700_000).every((byte) => byte === 0), "zeros beyond them, to the end of the block");
    releaseSharedBytes([second]);
  });

  it("takes back only what it lent, and each block once", () => {
    const lent = joinShared([Buffer.alloc(100_000, 1)]);
    const idleBefore = idleSharedBytes();
    releaseSharedBytes([lent, lent, new Uint8Array(100_000), new Uint8Array(new SharedArrayBuffer(100_000))]);
    assert.equal(idleSharedBytes(), idleBefore + lent.buffer.byteLength);
    const a = joinShared([Buffer.alloc(100_000, 2)]);
    const b = joinShared([Buffer.alloc(100_000, 3)]);
    assert.equal(a.buffer, lent.buffer);
    assert.notEqual(b.buffer, lent.buffer, "a block released twice is handed out once");
    releaseSharedBytes([a, b]);
  });

  it("an upload larger than the largest block gets memory of its own, never kept", () => {
    const huge = joinShared([Buffer.alloc(33 * 1024 * 1024, 5)]);
    assert.equal(huge.buffer.byteLength, 33 * 1024 * 1024);
    const idleBefore = idleSharedBytes();
    releaseSharedBytes([huge]);
    assert.equal(idleSharedBytes(), idleBefore);
  });

  it("an upload parsed into reused memory holds its own bytes exactly", async () => {
    const big = [randomBytes(1_000_000), randomBytes(1_000_000)];
    const small = [randomBytes(600_000), randomBytes(999_999)];
    const limits = { maxBodyBytes: 8 * 1024 * 1024, maxParts: 10, sharedMemory: true };
    const one = await encode(big);
    const first = await readMultipartForm(inChunks(one.body), one.boundary, limits);
    assert.deepEqual(first.files.map((f) => Buffer.from(f.bytes).equals(big[first.files.indexOf(f)])), [true, true]);
    const blocks = new Set(first.files.map((f) => f.bytes.buffer));
    releaseSharedBytes(first.files.map((f) => f.bytes));
    const two = await encode(small);
    const second = await readMultipartForm(inChunks(two.body), two.boundary, limits);
    assert.ok(second.files.every((f) => blocks.has(f.bytes.buffer)), "the second upload reuses the first one's blocks");
    second.files.forEach((file, i) => {
      assert.ok(Buffer.from(file.bytes).equals(small[i]), `file ${i} has its own bytes`);
      assert.ok(new Uint8Array(file.bytes.buffer, file.bytes.byteLength).every((byte) => byte === 0), `file ${i}: zeros beyond it`);
    });
    releaseSharedBytes(second.files.map((f) => f.bytes));
  });
});
