import "server-only";
// Where stamped files are kept, content-addressed (the same output is stored once), behind one
// interface: `disk` (DATA_DIR/files, the single-node default) or `s3` (an S3-compatible object store
// every node reaches, so a file stamped on one node downloads through any other). FILE_STORE chooses.
import { createHash } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { createDiskStore } from "./disk-store";
import { createS3Store } from "./s3-store";

export type TFileStore = {
  kind: "disk" | "s3";
  /**
   * Disk only: the folder where the PDF pool stores what it stamps, fsynced, before it answers (a store
   * thread, content-address.ts). Without it, the caller stores the bytes with `put` before using them.
   */
  workerDir?: string;
  /** Durable when it resolves; a failure throws (the caller refuses the stamp, no quota spent). */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when no such file is kept; throws when the store cannot be reached. */
  get(sha256: string): Promise<Uint8Array | null>;
  delete(sha256: string): Promise<void>;
  /** Throws, with a message saying what is wrong, when the store is not usable (checked at start). */
  check(): Promise<void>;
};

export function filesDir() {
  return path.join(env().dataDir, "files");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The process's file store, as configured. */
export function fileStore(): TFileStore {
  return processSingleton("file-store", () => {
    const config = env().fileStore;
    return config.kind === "s3" ? createS3Store(config.s3) : createDiskStore(filesDir());
  });
}

export async function getFile(sha256: string): Promise<Uint8Array | null> {
  return fileStore().get(sha256);
}

export async function deleteFile(sha256: string): Promise<void> {
  await fileStore().delete(sha256);
}
