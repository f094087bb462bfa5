// The PDF pool's store thread (lib/stamps/pdf-pool.ts runs a pool of them): stores a stamped file
// under its content address, fsynced (content-address.ts), while the PDF worker stamps the next one.
// Stored in the PDF worker, the file's write and its two fsyncs kept that worker off the CPU for about
// a third of its time (strace under bench:affix: 2 fsyncs, 1 O_DIRECT write and 2 opens per stamp).
// The bytes arrive in shared memory (read in place) or moved here, and are moved back with the answer.
import { storeContentSync } from "@/lib/storage/content-address";
import { serveTasks } from "@/lib/workers/serve-tasks";

export type TStoreTask = { dir: string; bytes: Uint8Array; sha256: string };

serveTasks({
  store: (input) => {
    const task = input as unknown as TStoreTask;
    try {
      storeContentSync(task.dir, task.bytes, task.sha256);
    } catch (error) {
      // The pool answers it with the code STORAGE_FAILED (lib/stamps/pdf-pool.ts).
      throw new Error(`storing the stamped file failed: ${(error as Error).message}`);
    }
    const moved = task.bytes.buffer instanceof SharedArrayBuffer ? [] : [task.bytes.buffer as ArrayBuffer];
    return { value: moved.length > 0 ? task.bytes : null, transfer: moved };
  },
});
