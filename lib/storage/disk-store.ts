import "server-only";
// Stamped files on this node's disk: DIR/ab/abcdef….pdf (content-address.ts). The PDF pool's store
// threads store what it stamps (workerDir), so the common path costs no extra copy through the event loop.
import { mkdir, readFile, rm } from "node:fs/promises";
import { contentPath, storeContentSync } from "./content-address";
import type { TFileStore } from "./file-store";

export function createDiskStore(dir: string): TFileStore {
  return {
    kind: "disk",
    workerDir: dir,
    async put(sha256, bytes) {
      storeContentSync(dir, bytes, sha256);
    },
    async get(sha256) {
      try {
        return await readFile(contentPath(dir, sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(sha256) {
      await rm(contentPath(dir, sha256), { force: true });
    },
    async check() {
      await mkdir(dir, { recursive: true });
    },
  };
}
