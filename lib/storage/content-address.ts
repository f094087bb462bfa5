// Content-addressed files (DIR/ab/abcdef….pdf), shared by the file store (lib/storage/file-store.ts) and
// the PDF worker, which stores each stamped file itself: a name can never point at other content, and a
// half-written file never has the final name (written to a temporary file, fsynced, then renamed).
import { randomBytes } from "@/lib/random-bytes";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
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
  const target = contentPath(dir, sha256);
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temp, "w", 0o600);
  try {
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, target);
}
