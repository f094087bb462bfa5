import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { contentPath, storeContentDeferred, storeContentSync } from "@/lib/storage/content-address";

// The PDF worker stores each stamped file with storeContentDeferred (its fsync in libuv's thread pool):
// the file gets its final name only once complete, and the caller's buffer is no longer needed once the
// call returns.
describe("content-addressed files", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(path.join(tmpdir(), "content-address-"))));
  after(async () => rm(dir, { recursive: true, force: true }));

  const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

  it("stores the bytes under their hash, with nothing temporary left; the buffer may be reused at once", async () => {
    const bytes = Buffer.from("%PDF-1.7\n" + "x".repeat(100_000));
    const expected = Buffer.from(bytes);
    const hash = sha(bytes);
    const stored = storeContentDeferred(dir, bytes, hash);
    bytes.fill(0); // written before the call returned: only the fsync and the rename are left
    await stored;
    assert.deepEqual(await readFile(contentPath(dir, hash)), expected);
    assert.deepEqual(await readdir(path.dirname(contentPath(dir, hash))), [`${hash}.pdf`]);
  });

  it("leaves a file already stored as it is", async () => {
    const bytes = Buffer.from("%PDF-1.7 stored twice");
    const hash = sha(bytes);
    storeContentSync(dir, bytes, hash);
    const before = await stat(contentPath(dir, hash));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await storeContentDeferred(dir, bytes, hash);
    assert.equal((await stat(contentPath(dir, hash))).mtimeMs, before.mtimeMs);
  });

  it("rejects when the file cannot be written, and leaves no file behind", async () => {
    const blocked = await mkdtemp(path.join(tmpdir(), "content-address-blocked-"));
    try {
      const bytes = Buffer.from("%PDF-1.7 nowhere to go");
      const hash = sha(bytes);
      await writeFile(path.join(blocked, hash.slice(0, 2)), "a file where the folder should be");
      await assert.rejects(storeContentDeferred(blocked, bytes, hash), /EEXIST|ENOTDIR/);
      assert.deepEqual(await readdir(blocked), [hash.slice(0, 2)]);
    } finally {
      await rm(blocked, { recursive: true, force: true });
    }
  });
});
