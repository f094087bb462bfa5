import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PoolClosedError, WorkerPool } from "@/lib/workers/pool";
import { extractDocumentFacts, type TDocumentFacts, trustAnchorsFromPem } from "./document-facts";
import type { TFactsWorkerStart } from "./facts-worker";

/**
 * Worker threads that turn PDF bytes into verification facts (lib/verification/facts-worker.ts on
 * lib/workers/pool.ts), so a hostile file (a reference loop, a decompression bomb) costs a worker, never
 * the server's event loop. A task past its timeout or over its heap cap gets its worker replaced and
 * resolves as UNREADABLE ("too complex"): verification never throws (except once the pool is closed).
 */

export type TFactsPoolOptions = {
  /** PEM of the published portal certificate chain: the trust anchors. */
  anchorsPem: string;
  size?: number;
  taskTimeoutMs?: number;
  maxOldGenerationSizeMb?: number;
};

export class FactsPool {
  private readonly pool: WorkerPool;

  constructor(private readonly options: TFactsPoolOptions) {
    this.pool = new WorkerPool({
      entry: { source: join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), "facts-worker.ts"), bundled: ".build/verify-worker.mjs" },
      size: options.size ?? availableParallelism(),
      workerData: { anchorsPem: options.anchorsPem } satisfies TFactsWorkerStart,
      taskTimeoutMs: options.taskTimeoutMs ?? 20_000,
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 512,
    });
    if (!this.pool.available) console.warn("[verify] no bundled worker (.build/verify-worker.mjs): verifying on the main thread; run node scripts/build-bundles.mjs");
  }

  /**
   * Facts for one file; `owner` (an account or a client address) shares the workers fairly between
   * callers. The bytes are copied to the worker (a memcpy, cheaper than the hash a
   * transfer would force us to take up front), so the caller's array stays usable and a worker that
   * dies on the file still lets us name the file by its hash.
   */
  async facts(pdf: Uint8Array, owner = ""): Promise<TDocumentFacts> {
    if (!this.pool.available) return extractDocumentFacts(pdf, trustAnchorsFromPem(this.options.anchorsPem));
    try {
      return await this.pool.run<TDocumentFacts>("facts", { pdf }, [], owner);
    } catch (error) {
      if (error instanceof PoolClosedError) throw error;
      // Timed out, killed its worker, or failed inside it: the file could not be read within the limits.
      return tooComplex(pdf, (error as Error).message);
    }
  }

  health() {
    return this.pool.health();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function tooComplex(pdf: Uint8Array, detail: string): TDocumentFacts {
  return { kind: "UNREADABLE", sha256: createHash("sha256").update(pdf).digest("hex"), sizeBytes: pdf.byteLength, code: "DAMAGED", detail: `too complex to read within the limits (${detail})` };
}
