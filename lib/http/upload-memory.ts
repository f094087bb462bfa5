/**
 * Shared memory for uploaded files, kept and reused from one request to the next. A file in shared
 * memory can be read by a worker thread without a copy (lib/workers/pool.ts), but new memory costs
 * more than the copy into it: the first touch of each page of a new 1 MB buffer took 1.5–2.5 ms here
 * (page faults), against 0.07–0.2 ms to copy the same bytes into memory touched before (2026-11-30,
 * 2 cores under load; `npm run bench:multipart` compares the two on a batch of fifty 1 MB files). A CPU
 * profile of bench:verify had the join of each file into new shared memory first on the main thread.
 * So a request that is done with its files gives their memory back here, and the next upload of a
 * similar size gets it again.
 *
 * Blocks come in power-of-two sizes from 64 KiB to 32 MiB, and an upload gets a view of exactly its
 * size. At most MAX_IDLE_BYTES wait here unused; beyond that a block given back is left to the garbage
 * collector, as are blocks never given back (a request that failed midway).
 */

import { copyBytes } from "@/lib/copy-bytes";
import { processSingleton } from "@/lib/process-singleton";

const MIN_BLOCK = 64 * 1024;
const MAX_BLOCK = 32 * 1024 * 1024;
const MAX_IDLE_BYTES = 256 * 1024 * 1024;

/** Copied over the rest of a reused block. */
const ZEROS = Buffer.alloc(MIN_BLOCK);

/**
 * Once per process (Next bundles the front door and the route handlers apart): memory lent by one copy
 * of this module is given back through another. `lent`: blocks handed out and not given back yet, the
 * only ones taken back (twice is once).
 */
const memory = processSingleton("upload-memory", () => ({ idle: new Map<number, SharedArrayBuffer[]>(), idleBytes: 0, lent: new WeakSet<SharedArrayBuffer>() }));
const { idle, lent } = memory;

function blockSize(size: number): number {
  let block = MIN_BLOCK;
  while (block < size) block *= 2;
  return block;
}

/**
 * The pieces joined into one array of their total size in shared memory, in a block given back
 * earlier when one fits. Every byte of the block is written: the pieces, then zeros to its end, so
 * nothing of an earlier upload can be read through the array or its buffer.
 */
export function joinShared(pieces: Uint8Array[]): Uint8Array {
  const size = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
  const fits = size > 0 && size <= MAX_BLOCK;
  const block = fits ? blockSize(size) : size;
  const reused = fits ? idle.get(block)?.pop() : undefined;
  if (reused) memory.idleBytes -= block;
  const buffer = reused ?? new SharedArrayBuffer(block);
  const whole = Buffer.from(buffer);
  let at = 0;
  for (const piece of pieces) at += copyBytes(whole, piece, at);
  // A memcpy each (lib/copy-bytes.ts); TypedArray#fill with a number on shared memory went element by element (0.93 ms per MiB against 0.05).
  if (reused) for (; at < block; at += ZEROS.length) copyBytes(whole, ZEROS.subarray(0, Math.min(ZEROS.length, block - at)), at);
  if (fits) lent.add(buffer);
  return new Uint8Array(buffer, 0, size);
}

/**
 * Gives back the memory of arrays from joinShared once nothing reads them any more (nor a worker:
 * the caller waits for the tasks that read them). Anything else is ignored.
 */
export function releaseSharedBytes(arrays: Iterable<Uint8Array>): void {
  for (const array of arrays) {
    const buffer = array.buffer;
    if (!(buffer instanceof SharedArrayBuffer) || !lent.has(buffer)) continue;
    lent.delete(buffer);
    if (memory.idleBytes + buffer.byteLength > MAX_IDLE_BYTES) continue;
    const list = idle.get(buffer.byteLength) ?? [];
    list.push(buffer);
    idle.set(buffer.byteLength, list);
    memory.idleBytes += buffer.byteLength;
  }
}

/** For tests: the bytes waiting to be reused. */
export function idleSharedBytes(): number {
  return memory.idleBytes;
}
