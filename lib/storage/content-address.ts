// Content-addressed files (DIR/ab/abcdef….pdf), shared by the file store (lib/storage/file-store.ts) and
// the PDF worker, which stores each stamped file itself: a name can never point at other content, and a
// half-written file never has the final name (written to a temporary file, fsynced, then renamed).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

export function contentPath(dir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("invalid content address");
  return path.join(dir, sha256.slice(0, 2), `${sha256}.pdf`);
}

/**
 * Stores bytes under their (already computed) SHA-256, durably. Called by the PDF worker on its own
 * event loop: the main thread's version took seven thread-pool round trips (stat, mkdir, open, write,
 * fsync, close, rename), each waiting for a turn of the busy server loop (50–60 ms per stamped file
 * under load, more than stamping it). In the worker, the next document is stamped while this one syncs.
 */
export async function storeContent(dir: string, bytes: Uint8Array, sha256: string): Promise<void> {
  const target = contentPath(dir, sha256);
  if (existsSync(target)) return;
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, target);
}
