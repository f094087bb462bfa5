import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import { open } from "node:fs/promises";
import { LogFlusher } from "@/lib/db/log-flusher";

describe("the write-ahead log's group commit (lib/db/log-flusher.ts)", () => {
  const dir = mkdtempSync(join(tmpdir(), "log-flusher-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("callers that ask while a flush is under way share the next one: ten at once cost two fsyncs", async () => {
    const log = join(dir, "db-wal");
    writeFileSync(log, "frames");
    const flusher = new LogFlusher(log);
    await Promise.all(Array.from({ length: 10 }, () => flusher.flush()));
    // The first caller's flush, then one more for the nine that came while it ran.
    assert.equal(flusher.flushes, 2);
    await flusher.flush();
    assert.equal(flusher.flushes, 3, "one caller alone gets a flush of its own");
    await flusher.close();
  });

  it("flushes the file the path names now: a log deleted and made again is opened again", async () => {
    const log = join(dir, "again-wal");
    writeFileSync(log, "first");
    const flusher = new LogFlusher(log);
    await flusher.flush();
    const first = statSync(log).ino;
    unlinkSync(log);
    writeFileSync(join(dir, "holder"), "keeps the old inode number from coming back at once");
    appendFileSync(log, "second");
    assert.notEqual(statSync(log).ino, first);
    await flusher.flush();
    assert.equal(flusher.flushes, 2);
    // The handle it keeps is the new file's, not the deleted one's.
    const open = readdirSync("/proc/self/fd").map((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return ""; } });
    assert.ok(open.includes(log), "the new log is open");
    assert.ok(!open.includes(`${log} (deleted)`), "the deleted log was closed");
    // No log at all: SQLite deletes it only after copying it into the database file, synced. Nothing to flush.
    unlinkSync(log);
    await flusher.flush();
    assert.equal(flusher.flushes, 2);
    await flusher.close();
  });

  it("a failed fsync fails every flush after it: a later one that succeeds would not prove the lost write is back", async () => {
    // A FIFO stands in for a log whose fsync fails (fsync on a FIFO fails with EINVAL).
    const log = join(dir, "fifo-wal");
    execFileSync("mkfifo", [log]);
    const flusher = new LogFlusher(log);
    const writer = await open(log, "r+"); // so that opening the FIFO to read does not block
    await assert.rejects(flusher.flush(), /could not be flushed/);
    await writer.close();
    // A good log at the same path now: its fsync would succeed, and still the flush fails.
    unlinkSync(log);
    writeFileSync(log, "frames");
    await assert.rejects(flusher.flush(), /could not be flushed/);
    assert.equal(flusher.flushes, 0);
    await flusher.close();
  });
});
