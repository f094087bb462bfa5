import "server-only";
// Group commit for SQLite's write-ahead log, off the event loop. A commit made with `synchronous = NORMAL`
// is written to the log (DB-wal) but not flushed; `flush()` then fsyncs the log on a thread-pool thread,
// and resolves once everything written to it before the call is on the disk: the same guarantee as a
// FULL commit, without the event loop waiting for the disk (with FULL, better-sqlite3 runs the fsync
// inside COMMIT, on the event loop's thread). Commits that ask while a flush is under way share the next
// one, so under load one fsync covers several of them.
import { statSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

export class LogFlusher {
  private handle: { file: FileHandle; inode: number } | null = null;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** A failed fsync, for good: Linux reports a lost write once, so a later fsync that succeeds proves nothing. */
  private failed: Error | null = null;
  /** fsyncs done (tests read it: commits that wait together share them). */
  flushes = 0;

  constructor(private readonly logPath: string) {}

  flush(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.fsync().finally(() => (this.inFlight = null));
      return this.inFlight;
    }
    // The flush under way may have started before this caller's commit was written: the next one covers it.
    this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.flush();
      });
    return this.queued;
  }

  private async fsync(): Promise<void> {
    if (this.failed) throw this.failed;
    // The log file is deleted only when the last connection to the database closes, after SQLite has
    // copied it into the database file and synced that: nothing is left to flush. The next connection makes
    // a new one, and a handle to the older file is opened again.
    let inode: number;
    try {
      inode = statSync(this.logPath).ino;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    try {
      if (this.handle?.inode !== inode) {
        await this.handle?.file.close().catch(() => undefined);
        this.handle = { file: await open(this.logPath, "r"), inode };
      }
      await this.handle.file.sync();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      this.failed = Object.assign(new Error(`the database log could not be flushed to the disk: ${(error as Error).message}`), { code: "DATABASE_LOG_FLUSH_FAILED" });
      console.error(`[db] ${this.failed.message}; no commit waiting for the disk will succeed until the process restarts`);
      throw this.failed;
    }
    this.flushes++;
  }

  async close(): Promise<void> {
    await this.handle?.file.close().catch(() => undefined);
    this.handle = null;
  }
}
