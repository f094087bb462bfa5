import "server-only";
// The PDF worker pool (lib/stamps/pdf-worker.ts on lib/workers/pool.ts): parsing and signing never block
// the event loop. A task past its timeout or over its heap cap fails with PdfError("TOO_COMPLEX").
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { env } from "@/lib/env";
import type { InspectResult } from "@/lib/pdf/inspect-pdf";
import { isPdfErrorCode, PdfError } from "@/lib/pdf/pdf-error";
import type { ReadSignaturesResult } from "@/lib/pdf/read-signatures";
import type { StampPdfResult, StampPlacement } from "@/lib/pdf/stamp-pdf";
import { peekProcessSingleton, processSingleton } from "@/lib/process-singleton";
import { getSigningIdentity } from "@/lib/signing/signing-identity";
import type { TPkcs11Config } from "@/lib/signing/pkcs11-key";
import { ownBuffer, WorkerPool } from "@/lib/workers/pool";
import type { TStoreTask } from "./store-worker";
import type { TPdfWorkerStart, TStampTask } from "./pdf-worker";

export type TPdfPoolOptions = {
  size?: number;
  /** Signing key and chain (leaf first), handed to each worker at start. */
  signer?: { keyPem?: string; pkcs11?: TPkcs11Config; certChainPem: string[] };
  taskTimeoutMs?: number;
  maxOldGenerationSizeMb?: number;
  /** Threads storing stamped files (`storeIn`): they wait on the disk, so more of them than cores is fine. */
  storers?: number;
};

export class PdfPool {
  private readonly pool: WorkerPool;
  private storers: WorkerPool | null = null;
  private closed = false;

  constructor(options: TPdfPoolOptions = {}) {
    this.pool = new WorkerPool({
      entry: { source: join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), "pdf-worker.ts"), bundled: ".build/pdf-worker.mjs" },
      size: options.size ?? availableParallelism(),
      workerData: (options.signer ?? {}) satisfies TPdfWorkerStart,
      taskTimeoutMs: options.taskTimeoutMs ?? 20_000,
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 512,
      failure: (detail) => new PdfError("TOO_COMPLEX", detail),
      replyError: (code, detail) => (isPdfErrorCode(code) ? new PdfError(code, detail) : Object.assign(new Error(detail), { code })),
    });
    this.storeThreads = options.storers ?? 2;
    this.storeTimeoutMs = options.taskTimeoutMs ?? 20_000;
  }

  private readonly storeThreads: number;
  private readonly storeTimeoutMs: number;

  /** Started with the first file to store (pools that only inspect or read signatures never need it). */
  private storePool(): WorkerPool {
    if (this.closed) throw new Error("the PDF pool is closed");
    this.storers ??= new WorkerPool({
      entry: { source: join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), "store-worker.ts"), bundled: ".build/store-worker.mjs" },
      size: this.storeThreads,
      taskTimeoutMs: this.storeTimeoutMs,
      maxOldGenerationSizeMb: 64,
      // The code (STORAGE_FAILED) is given in `stamp`, to every failure of a store.
      failure: (detail) => new Error(`storing the stamped file failed: ${detail}`),
    });
    return this.storers;
  }

  /** `owner` (an account, or a client address): waiting tasks are served round robin per owner. */
  inspect(pdf: Uint8Array, options: { maxPages?: number; owner?: string } = {}): Promise<InspectResult> {
    const copy = ownBuffer(pdf);
    return this.pool.run("inspect", { pdf: copy, maxPages: options.maxPages }, [copy.buffer as ArrayBuffer], options.owner);
  }

  readSignatures(pdf: Uint8Array, options: { owner?: string } = {}): Promise<ReadSignaturesResult> {
    const copy = ownBuffer(pdf);
    return this.pool.run("readSignatures", { pdf: copy }, [copy.buffer as ArrayBuffer], options.owner);
  }

  /**
   * `storeIn`: a content-addressed folder where the stamped file is stored, fsynced, before this resolves:
   * by a store thread (lib/stamps/store-worker.ts), so the PDF worker stamps the next file meanwhile.
   * A PDF in shared memory from the start of its block (lib/http/upload-memory.ts) is read there without a
   * copy, and the stamped file comes back in the same block when it fits: the caller's array is then
   * overwritten, and the block is the caller's to give back once the answer is sent. Neither the upload nor
   * the answer is new memory for the event loop's thread, whose garbage collector the churn of both kept
   * busy (a full collection every quarter second at 110 stamps/s, started by "external memory pressure").
   */
  async stamp(options: { pdf: Uint8Array; stamps: StampPlacement[]; signedAt: Date; location?: string; contactInfo?: string; maxPages?: number; maxBytes?: number; storeIn?: string; owner?: string }): Promise<StampPdfResult> {
    const { owner, ...rest } = options;
    const block = rest.pdf.buffer instanceof SharedArrayBuffer && rest.pdf.byteOffset === 0 ? rest.pdf.buffer : null;
    const pdf = block ? rest.pdf : ownBuffer(rest.pdf);
    const { storeIn, ...stampOptions } = rest;
    const stampTask: TStampTask = { ...stampOptions, pdf, signedAt: rest.signedAt.getTime(), answerInPlace: block !== null };
    const answer = await this.pool.run<StampPdfResult & { pdfInPlace?: number }>("stamp", stampTask, block ? [] : [pdf.buffer as ArrayBuffer], owner);
    const result = block && answer.pdfInPlace !== undefined ? { ...answer, pdf: new Uint8Array(block, 0, answer.pdfInPlace) } : answer;
    if (!storeIn) return result;
    // Shared memory is read in place; an ArrayBuffer of its own is moved there and back.
    const shared = result.pdf.buffer instanceof SharedArrayBuffer;
    const bytes = shared ? result.pdf : ownBuffer(result.pdf);
    const sha256 = result.revisions[result.revisions.length - 1].signedRevisionSha256;
    const task: TStoreTask = { dir: storeIn, bytes, sha256 };
    try {
      const returned = await this.storePool().run<Uint8Array | null>("store", task, shared ? [] : [bytes.buffer as ArrayBuffer], owner);
      return returned ? { ...result, pdf: returned } : result;
    } catch (error) {
      // Any failure here is the store's (a thread that timed out, died or could not start). The input's
      // hash goes with it: a repaired file's answer was written over the input, which is gone.
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { code: "STORAGE_FAILED", originalSha256: result.originalSha256 });
    }
  }

  /** The PDF workers', with the store threads' waiting and stuck tasks counted in. */
  health() {
    const pdf = this.pool.health();
    const store = this.storers?.health();
    return store ? { ...pdf, queued: pdf.queued + store.queued, stuck: pdf.stuck || store.stuck } : pdf;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.pool.close(), this.storers?.close()]);
  }
}

/** The process's PDF worker pool, started with the portal's signing identity. */
export async function pdfPool(): Promise<PdfPool> {
  const started = peekProcessSingleton<PdfPool>("pdf-pool");
  if (started) return started;
  // Awaited outside the singleton: the identity may come from the database (cluster-identity.ts).
  const identity = await getSigningIdentity();
  return processSingleton("pdf-pool", () => {
    return new PdfPool({
      // One core stays with the event loop (HTTP, multipart, database). On the 2-core target machine a
      // second worker did raise calm throughput, since a worker then waited about a third of its time on
      // the fsync of the file it stored (paired 15 s affix runs: 128/158/132 stamps/s against 105/107/119).
      // But under the retry storm it cost the event loop its margin: goodput 90% of capacity and /status
      // p99 48 ms in bench:storm (targets ≥ 90%, < 50 ms), against 117% and 28 ms with one. The store
      // threads now take that wait off the worker, without a second stamping thread's CPU.
      size: env().pdf.workers ?? Math.max(1, availableParallelism() - 1),
      taskTimeoutMs: env().pdf.taskTimeoutMs,
      signer: { keyPem: identity.keyPem, pkcs11: identity.pkcs11, certChainPem: identity.certChainPem },
    });
  });
}
