// Content-addressed files (DIR/ab/abcdef….pdf), shared by the file store (lib/storage/file-store.ts) and
// the PDF worker, which stores each stamped file itself: a name can never point at other content, and a
// half-written file never has the final name (written to a temporary file, fsynced, then renamed).
import { randomBytes } from "@/lib/random-bytes";
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export function contentPath(dir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("invalid content address");
  return path.join(dir, sha256.slice(0, 2), `${sha256}.pdf`);
}

/**
 * Stores bytes under their (already computed) SHA-256, durably, synchronously: for a worker thread,
 * where one call costs one fsync and none of the event loop's turns. The main thread's async version
 * took seven trips through the thread pool, each waiting for a turn of a busy event loop (50–60 ms
 * per stamped file under load, more than stamping it).
 */
export function storeContentSync(dir: string, bytes: Uint8Array, sha256: string): void {
  const stored = writeTemporary(dir, bytes, sha256);
  if (!stored) return;
  try {
    fsyncSync(stored.fd);
  } catch (error) {
    discard(stored);
    throw error;
  }
  closeSync(stored.fd);
  renameSync(stored.temp, stored.target);
}

/**
 * The same, for a worker thread that has more to do meanwhile: the bytes are written now (so the caller
 * may reuse its buffer once this returns), and the fsync waits in libuv's thread pool instead of
 * blocking the thread. The promise settles once the file has its final name, or with the error; either
 * way nothing half-written ever has that name. bench:affix, 2026-12-01: the PDF worker spent about a
 * seventh of its time blocked in this fsync (0.7 ms per stamp, median, strace).
 */
export function storeContentDeferred(dir: string, bytes: Uint8Array, sha256: string): Promise<void> {
  let stored: TTemporary | null;
  try {
    stored = writeTemporary(dir, bytes, sha256);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!stored) return Promise.resolve();
  const { fd, temp, target } = stored;
  return new Promise((resolve, reject) => {
    fsync(fd, (error) => {
      if (error) {
        discard({ fd, temp, target });
        return reject(error);
      }
      try {
        closeSync(fd);
        renameSync(temp, target);
        resolve();
      } catch (failure) {
        rmSync(temp, { force: true });
        reject(failure as Error);
      }
    });
  });
}

type TTemporary = { fd: number; temp: string; target: string };

/** The bytes written to a temporary file beside their final name; null when that name exists already. */
function writeTemporary(dir: string, bytes: Uint8Array, sha256: string): TTemporary | null {
  const target = contentPath(dir, sha256);
  if (existsSync(target)) return null;
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temp, "w", 0o600);
  try {
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
  } catch (error) {
    discard({ fd, temp, target });
    throw error;
  }
  return { fd, temp, target };
}

function discard(stored: TTemporary): void {
  closeSync(stored.fd);
  rmSync(stored.temp, { force: true });
}
