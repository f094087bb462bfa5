// The Web Worker of browser verification (built to public/verify-engine/facts-worker.js by
// scripts/build-bundles.mjs; verify-files.ts runs a pool of them): a file in, its facts out. A file that
// takes too long is the pool's business: it terminates this worker and starts another.
import { extractFactsInBrowser } from "./extract-facts";
import { knownDigestsOf } from "./known-digests";
import type { TWorkerReply, TWorkerTask } from "./verify-files";

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<TWorkerTask>) => void) | null; postMessage: (reply: TWorkerReply) => void };

// Files the pool said come next to this worker, already being read (by their index in the batch): the
// read from disk overlaps the work on the current file instead of leaving the worker idle between files.
const prefetched = new Map<number, Promise<ArrayBuffer>>();

scope.onmessage = async (event) => {
  const { id, file, anchorsPem, key, prefetch } = event.data;
  if (prefetch) {
    const reading = prefetch.file.arrayBuffer();
    reading.catch(() => undefined);
    prefetched.set(prefetch.key, reading);
  }
  const early = key !== undefined ? prefetched.get(key) : undefined;
  if (key !== undefined) prefetched.delete(key);
  try {
    const bytes = file instanceof Blob ? new Uint8Array(await (early ?? file.arrayBuffer())) : file;
    const known = await knownDigestsOf(bytes).catch(() => undefined);
    scope.postMessage({ id, ok: true, ...extractFactsInBrowser(bytes, anchorsPem, known) });
  } catch (error) {
    scope.postMessage({ id, ok: false, message: (error as Error)?.message ?? String(error) });
  }
};
// Tells the pool the script loaded (a blocked or missing script fires "error" instead).
scope.postMessage({ id: -1 } as unknown as TWorkerReply);
