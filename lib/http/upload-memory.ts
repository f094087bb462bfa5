/**
 * Shared memory for uploaded files, kept and reused from one request to the next. A file in shared
 * memory can be read by a worker thread without a copy (lib/workers/pool.ts), but fresh memory costs
 * more than the copy into it: on this machine the first touch of each page of a new 1 MB buffer took
 * 1.5–2.5 ms (page faults), against 0.07–0.2 ms to copy the same bytes into memory touched before
 * (2026-11-30, `npm run bench:multipart`). A CPU profile of bench:verify put that first touch first on
 * the main thread. So a request that is done with its files gives their memory back here, and the
 * next upload of a similar size gets it again.
 *
 * Blocks come in power-of-two sizes from 64 KiB to 32 MiB; an upload gets a view of exactly its
 * size over a block zeroed first, so no earlier upload's bytes can be read through it. At most MAX_IDLE_BYTES wait here unused; beyond that a block given back is left to
 * the garbage collector, as are blocks never given back (a request that failed midway).
 */

const MIN_BLOCK = 64 * 1024;
const MAX_BLOCK = 32 * 1024 * 1024;
const MAX_IDLE_BYTES = 256 * 1024 * 1024;

/** Copied over a reused block to zero it: Buffer#copy is a memmove, while TypedArray#fill on shared memory went element by element (0.93 ms per MiB against 0.05). */
const ZEROS = Buffer.alloc(MIN_BLOCK);

const idle = new Map<number, SharedArrayBuffer[]>();
let idleBytes = 0;
/** Blocks handed out and not given back yet: only these are taken back (twice is once). */
const lent = new WeakSet<SharedArrayBuffer>();

function blockSize(size: number): number {
  let block = MIN_BLOCK;
  while (block < size) block *= 2;
  return block;
}

/** A zero-filled array of `size` bytes in shared memory, reusing a block given back when one fits. */
export function sharedBytes(size: number): Uint8Array {
  if (size <= 0 || size > MAX_BLOCK) return new Uint8Array(new SharedArrayBuffer(Math.max(0, size)));
  const block = blockSize(size);
  const reused = idle.get(block)?.pop();
  if (reused) idleBytes -= block;
  const buffer = reused ?? new SharedArrayBuffer(block);
  if (reused) {
    const bytes = Buffer.from(reused);
    for (let at = 0; at < block; at += ZEROS.length) ZEROS.copy(bytes, at);
  }
  lent.add(buffer);
  return new Uint8Array(buffer, 0, size);
}

/**
 * Gives back the memory of arrays from sharedBytes once nothing reads them any more (nor a worker:
 * the caller waits for the tasks that read them). Anything else is ignored. A block is zeroed when
 * it is handed out again.
 */
export function releaseSharedBytes(arrays: Iterable<Uint8Array>): void {
  for (const array of arrays) {
    const buffer = array.buffer;
    if (!(buffer instanceof SharedArrayBuffer) || !lent.has(buffer)) continue;
    lent.delete(buffer);
    if (idleBytes + buffer.byteLength > MAX_IDLE_BYTES) continue;
    const list = idle.get(buffer.byteLength) ?? [];
    list.push(buffer);
    idle.set(buffer.byteLength, list);
    idleBytes += buffer.byteLength;
  }
}

/** For tests: the bytes waiting to be reused. */
export function idleSharedBytes(): number {
  return idleBytes;
}
