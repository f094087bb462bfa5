import "server-only";
// Stamped files on local disk, content-addressed (DATA_DIR/files/ab/abcdef….pdf, see content-address.ts):
// the same output is stored once. The PDF worker stores what it stamps itself (storeContentSync).
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { contentPath } from "./content-address";

export function filesDir() {
  return path.join(env().dataDir, "files");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function pathFor(sha256: string): string {
  return contentPath(filesDir(), sha256);
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
