// Writing a new file durably, past the page cache (O_DIRECT) where the filesystem allows it. A stored
// stamp is written once and seldom read again, so its pages in the cache only grow the cache, and each
// new cache page cost the kernel far more than the copy on the 2-core VM this was measured on (likely
// because it touches memory the host has not backed yet; not confirmed): 800 KB written through the
// cache into new files took 2.8–3.3 ms of kernel time, against 0.3 ms written directly (1,500 files,
// fsync each); in bench:affix, 2–3 ms of server CPU per stamp. The bytes go through a reused
// page-aligned staging buffer (a WebAssembly memory's base is page-aligned; Node's buffers are not),
// one MiB at a time, the last piece padded with zeros and the file cut to its length.
import { closeSync, constants, fsyncSync, ftruncateSync, openSync, rmSync, writeSync } from "node:fs";
import { copyBytes } from "@/lib/copy-bytes";

const ALIGN = 4096;
const PIECE = 1 << 20;
const WASM_PAGE = 65536;

/** Per thread: null until the first direct write; false once a filesystem refused one (EINVAL). */
let staging: Uint8Array | false | null = null;

/** Test hook: a staging buffer that is not page-aligned, to prove that a refusal falls back to the cache. */
export function misalignStagingForTest() {
  staging = new Uint8Array(new WebAssembly.Memory({ initial: PIECE / WASM_PAGE + 1 }).buffer, 8, PIECE);
}

/** Whether this thread still writes past the cache (false once a filesystem or the staging buffer was refused). */
export function writesDirectly(): boolean {
  return staging !== false;
}

/** Writes `bytes` as the file `file` (created or emptied, mode 0600) and fsyncs it before returning. */
export function writeNewFileSync(file: string, bytes: Uint8Array): void {
  if (staging !== false && constants.O_DIRECT !== undefined && writeDirect(file, bytes)) return;
  const fd = openSync(file, "w", 0o600);
  try {
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** False when this filesystem (or buffer) refuses direct writes: the caller then writes through the cache. */
function writeDirect(file: string, bytes: Uint8Array): boolean {
  if (!staging) {
    try {
      staging = new Uint8Array(new WebAssembly.Memory({ initial: PIECE / WASM_PAGE }).buffer);
    } catch {
      // No memory to reserve for it (V8 reserves a guarded region per WebAssembly memory): the cache it is.
      return refused();
    }
  }
  const buffer = staging;
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DIRECT, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
    return refused();
  }
  try {
    for (let at = 0; at < bytes.byteLength; at += PIECE) {
      const length = Math.min(PIECE, bytes.byteLength - at);
      copyBytes(buffer, bytes.subarray(at, at + length), 0);
      const padded = Math.ceil(length / ALIGN) * ALIGN;
      buffer.fill(0, length, padded);
      for (let done = 0; done < padded; ) done += writeSync(fd, buffer, done, padded - done, at + done);
    }
    ftruncateSync(fd, bytes.byteLength);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
    rmSync(file, { force: true });
    return refused();
  }
  closeSync(fd);
  return true;
}

/** This thread writes through the cache from now on. */
function refused(): false {
  staging = false;
  return false;
}
