import "server-only";
// Stamped files on local disk, content-addressed (DATA_DIR/files/ab/abcdef….pdf): the same output is
// stored once, a name can never point at other content, and a half-written file never has the final
// name (written to a temporary file, fsynced, then renamed).
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

function filesDir() {
  return path.join(env().dataDir, "files");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function pathFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("invalid content address");
  return path.join(filesDir(), sha256.slice(0, 2), `${sha256}.pdf`);
}

/** Stores bytes under their SHA-256 (pass it when already known, to skip hashing them again). */
export async function putFile(bytes: Uint8Array, knownSha256?: string): Promise<string> {
  const sha256 = knownSha256 ?? sha256Hex(bytes);
  const target = pathFor(sha256);
  if (await exists(target)) return sha256;
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  return sha256;
}

export async function getFile(sha256: string): Promise<Uint8Array | null> {
  try {
    return await readFile(pathFor(sha256));
  } catch {
    return null;
  }
}

export async function deleteFile(sha256: string): Promise<void> {
  await rm(pathFor(sha256), { force: true });
}

async function exists(file: string) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
