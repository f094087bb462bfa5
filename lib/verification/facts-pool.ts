import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { extractDocumentFacts, type TDocumentFacts, trustAnchorsFromPem } from "./document-facts";
import type { TFactsReply, TFactsTask } from "./facts-worker";

/**
 * Worker threads that turn PDF bytes into verification facts, so a hostile file (a reference loop,
 * a decompression bomb) costs a worker, never the server's event loop. A task past its timeout or
 * over its heap cap gets its worker replaced and resolves as UNREADABLE ("too complex"): verification
 * never throws. Same shape as lib/pdf/pool.ts, with its own worker entry.
 */

export type TFactsPoolOptions = {
  /** PEM of the published portal certificate chain: the trust anchors. */
  anchorsPem: string;
  size?: number;
  taskTimeoutMs?: number;
  maxOldGenerationSizeMb?: number;
  /** Bundled worker for `next start` (`node scripts/build-bundles.mjs`); default `.build/verify-worker.mjs` under cwd. */
  bundledWorkerPath?: string;
};

type TPending = { task: TFactsTask; resolve: (facts: TDocumentFacts) => void };
type TSlot = { worker: Worker | null; busy?: TPending & { timer: NodeJS.Timeout } };

function workerEntry(bundledWorkerPath?: string): string | null {
  const bundled = bundledWorkerPath ?? resolve(/*turbopackIgnore: true*/ process.cwd(), ".build/verify-worker.mjs");
  // Under `next start` import.meta.url still names the .ts source, so only the loader flags tell tsx apart.
  const underTsx = process.execArgv.some((arg) => arg.includes("tsx")) || Boolean(process.env.TSX);
  if ((!underTsx || process.env.NEXT_RUNTIME) && existsSync(bundled)) return bundled;
  // path.join, not new URL(…, import.meta.url): the bundler would follow a URL and try to bundle tsx.
  if (underTsx) return join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), "facts-worker-tsx.mjs");
  return null;
}

export class FactsPool {
  private readonly slots: TSlot[] = [];
  private readonly queue: TPending[] = [];
  private readonly entry: string | null;
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: TFactsPoolOptions) {
    this.entry = workerEntry(options.bundledWorkerPath);
    this.timeoutMs = options.taskTimeoutMs ?? 20_000;
    if (!this.entry) console.warn("[verify] no bundled worker (.build/verify-worker.mjs): verifying on the main thread; run node scripts/build-bundles.mjs");
    const size = options.size ?? availableParallelism();
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.entry ? this.spawn() : null });
  }

  /**
   * Facts for one file. The bytes are copied to the worker (a memcpy, cheaper than the hash a
   * transfer would force us to take up front), so the caller's array stays usable and a worker that
   * dies on the file still lets us name the file by its hash.
   */
  facts(pdf: Uint8Array): Promise<TDocumentFacts> {
    if (!this.entry) return Promise.resolve(extractDocumentFacts(pdf, trustAnchorsFromPem(this.options.anchorsPem)));
    if (this.closed) return Promise.reject(new Error("pool closed"));
    return new Promise((resolveFacts) => {
      this.queue.push({ task: { id: this.nextId++, pdf }, resolve: resolveFacts });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker?.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(this.entry!, {
      workerData: { anchorsPem: this.options.anchorsPem },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 512 },
    });
    worker.unref();
    worker.on("message", (reply: TFactsReply) => this.onReply(worker, reply));
    worker.on("error", (error) => this.onDeath(worker, error.message));
    worker.on("exit", () => this.onDeath(worker, "worker exited"));
    return worker;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0 || !slot.worker) continue;
      const pending = this.queue.shift()!;
      const timer = setTimeout(() => this.replace(slot, `no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      slot.busy = { ...pending, timer };
      slot.worker.postMessage(pending.task);
    }
  }

  private onReply(worker: Worker, reply: TFactsReply): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot?.busy || slot.busy.task.id !== reply.id) return;
    const { resolve: done, timer, task } = slot.busy;
    clearTimeout(timer);
    slot.busy = undefined;
    done(reply.ok ? (reply.value as TDocumentFacts) : tooComplex(task.pdf, reply.detail));
    this.dispatch();
  }

  private onDeath(worker: Worker, detail: string): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (slot && !this.closed) this.replace(slot, `worker died: ${detail}`);
  }

  private replace(slot: TSlot, detail: string): void {
    const busy = slot.busy;
    slot.busy = undefined;
    const old = slot.worker!;
    old.removeAllListeners();
    old.on("error", () => undefined);
    void old.terminate();
    if (busy) {
      clearTimeout(busy.timer);
      busy.resolve(tooComplex(busy.task.pdf, detail));
    }
    if (!this.closed) slot.worker = this.spawn();
    this.dispatch();
  }
}

function tooComplex(pdf: Uint8Array, detail: string): TDocumentFacts {
  return { kind: "UNREADABLE", sha256: createHash("sha256").update(pdf).digest("hex"), sizeBytes: pdf.byteLength, code: "DAMAGED", detail: `too complex to read within the limits (${detail})` };
}
