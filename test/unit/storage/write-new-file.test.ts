import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { misalignStagingForTest, writeNewFileSync, writesDirectly } from "@/lib/storage/write-new-file";

// A stored file is written whole and exact, and past the page cache: fincore (util-linux-extra) reads how
// many of its bytes the kernel holds in memory, before anything reads the file back. In memory-backed
// folders (tmpfs: /tmp on some systems) the cache is the storage, so the files go where a disk is: the
// temporary folder, or else the checkout's data/ folder.
const fsType = (folder: string) => execFileSync("stat", ["-f", "-c", "%T", folder], { encoding: "utf8" }).trim();
const repoData = path.resolve(import.meta.dirname, "../../../data");
mkdirSync(repoData, { recursive: true });
const onDisk = [tmpdir(), repoData].find((folder) => !["tmpfs", "ramfs"].includes(fsType(folder)));
const dir = mkdtempSync(path.join(onDisk ?? tmpdir(), "write-new-file-"));
const noDisk = onDisk ? false : "no folder on a disk filesystem here: the page cache is the storage";
after(() => rmSync(dir, { recursive: true, force: true }));
const cachedBytes = (file: string) => Number(execFileSync("fincore", ["--bytes", "--noheadings", "--output", "RES", file], { encoding: "utf8" }).trim());
const MiB = 1 << 20;

describe("writing a new stored file", () => {
  it("keeps every length exact, across the 4 KiB padding and the 1 MiB pieces", () => {
    for (const length of [0, 1, 4095, 4096, 4097, 800_000, MiB, MiB + 1, 2.5 * MiB + 17]) {
      const bytes = randomBytes(length);
      const file = path.join(dir, `exact-${length}.pdf`);
      writeNewFileSync(file, bytes);
      assert.equal(statSync(file).size, length);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(readFileSync(file).equals(bytes), `${length} bytes read back as written`);
    }
  });

  it("replaces what a file held, however much longer it was", () => {
    const file = path.join(dir, "replaced.pdf");
    writeFileSync(file, randomBytes(3 * MiB));
    const bytes = randomBytes(5000);
    writeNewFileSync(file, bytes);
    assert.ok(readFileSync(file).equals(bytes));
  });

  it("leaves the file out of the page cache, where a plain write leaves all of it in", { skip: noDisk }, () => {
    const bytes = randomBytes(800_000);
    const direct = path.join(dir, "direct.pdf");
    const plain = path.join(dir, "plain.pdf");
    writeNewFileSync(direct, bytes);
    writeFileSync(plain, bytes);
    assert.equal(cachedBytes(direct), 0);
    assert.ok(cachedBytes(plain) >= 800_000, "the reference write is cached");
  });

  it("falls back to the page cache when direct writes are refused, and stays there", { skip: noDisk }, () => {
    // A staging buffer 8 bytes off its page: the kernel refuses the direct write (EINVAL), as a
    // filesystem without O_DIRECT would.
    assert.equal(writesDirectly(), true);
    misalignStagingForTest();
    for (const name of ["refused.pdf", "after.pdf"]) {
      const bytes = randomBytes(800_000);
      const file = path.join(dir, name);
      writeNewFileSync(file, bytes);
      assert.ok(cachedBytes(file) >= 800_000, `${name} went through the cache`);
      assert.ok(readFileSync(file).equals(bytes));
      assert.equal(writesDirectly(), false, `${name}: this thread no longer tries direct writes`);
    }
  });
});
