/**
 * Verification in the browser: the documents never leave the computer; only serials and hashes go to
 * the registry lookup (POST /api/v1/stamps/lookup, stamp-lookup.ts). No React; used by /verify and /verify/bulk.
 *
 * Interface (stable; for the pages and the bench):
 *
 *   canVerifyInBrowser(): boolean
 *     Web Workers, BigInt, WebCrypto and Blob.arrayBuffer are there. When false (or when the engine fails
 *     to start: verifyFilesInBrowser rejects with BrowserEngineUnavailable), the page falls back to the
 *     server and says so.
 *
 *   verifyFilesInBrowser(files: (File | { name: string; bytes: Uint8Array })[], options?): Promise<TBrowserVerification[]>
 *     options: {
 *       onResult?(result: TBrowserVerification): void  // each file as soon as it is judged (any order)
 *       concurrency?: number                            // workers; default navigator.hardwareConcurrency (max 8)
 *       timeoutMs?: number                              // per file, in its worker; past it the worker is
 *                                                      // terminated and the file is UNREADABLE (UNREADABLE_DAMAGED)
 *       signal?: AbortSignal                            // stops the workers; the promise rejects with an AbortError
 *       workerUrl?, anchorsUrl?, lookupUrl?             // defaults below
 *     }
 *     Resolves to one result per file, in input order:
 *       TBrowserVerification = { index, name, verdict: TDocumentVerdict, result: TFileResult, serials: string[] }
 *     verdict is exactly what the server's judgeDocument gives for the file (same function, same facts
 *     extractor); result is the API's per-file shape (file-result.ts), for the result card and the exports.
 *     registryConsulted is false when the lookup could not be reached (offline): as verify-offline says.
 *
 *   loadTrustAnchorsPem(url?): Promise<string>
 *     The published certificate chain (/.well-known/meterai/certificate.pem), fetched once per page
 *     (and kept by the service worker for offline use).
 *
 * The registry contract is stamp-lookup.ts (lookupItemsOf → lookupStampsOverHttp → registryViewFromLookup):
 * per stamp the browser sends serial, signedRevisionSha256, baseSha256, signedRevisionLength, page and
 * rect, and gets back registration, revocation, issued page/rect and booleans; never document bytes.
 */
import { toFileResult, type TFileResult } from "@/lib/verification/file-result";
import type { TDocumentFacts } from "@/lib/verification/document-facts";
import { judgeDocument, type TRegistryView } from "@/lib/verification/judge-document";
import { LOOKUP_MAX_STAMPS, lookupItemsOf, lookupStampsOverHttp, registryViewFromLookup, type TStampLookupItem, type TStampLookupResult } from "@/lib/verification/stamp-lookup";
import type { TDocumentVerdict } from "@/lib/verification/verdicts";
import type { TBrowserFacts } from "./extract-facts";

export const DEFAULT_WORKER_URL = "/verify-engine/facts-worker.js";
export const DEFAULT_ANCHORS_URL = "/.well-known/meterai/certificate.pem";
export const DEFAULT_LOOKUP_URL = "/api/v1/stamps/lookup";
/** The server's default per-file limit (PDF_TASK_TIMEOUT_MS). */
export const DEFAULT_TIMEOUT_MS = 20_000;

export type TBrowserInput = File | { name: string; bytes: Uint8Array };
export type TBrowserVerification = { index: number; name: string; verdict: TDocumentVerdict; result: TFileResult; serials: string[] };
export type TVerifyInBrowserOptions = {
  onResult?: (result: TBrowserVerification) => void;
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  workerUrl?: string;
  anchorsUrl?: string;
  lookupUrl?: string;
};

/** `key`: the file's index in the batch; `prefetch`: the file this worker gets next, to start reading now. */
export type TWorkerTask = { id: number; file: Blob | Uint8Array; anchorsPem: string; key?: number; prefetch?: { key: number; file: Blob } };
export type TWorkerReply = { id: number } & (({ ok: true } & TBrowserFacts) | { ok: false; message: string });

export class BrowserEngineUnavailable extends Error {}

export function canVerifyInBrowser(): boolean {
  return (
    typeof Worker !== "undefined" &&
    typeof BigInt !== "undefined" &&
    typeof globalThis.crypto?.subtle?.digest === "function" &&
    typeof Blob !== "undefined" &&
    typeof Blob.prototype.arrayBuffer === "function"
  );
}

const anchorsByUrl = new Map<string, Promise<string>>();

export function loadTrustAnchorsPem(url = DEFAULT_ANCHORS_URL): Promise<string> {
  let pending = anchorsByUrl.get(url);
  if (!pending) {
    pending = fetch(url).then(async (response) => {
      if (!response.ok) throw new BrowserEngineUnavailable(`the published certificate could not be fetched (${response.status})`);
      return response.text();
    });
    pending.catch(() => anchorsByUrl.delete(url));
    anchorsByUrl.set(url, pending);
  }
  return pending;
}

type TSlot = { worker: Worker; busy: boolean };

/** Workers, one file each at a time; a file past its time limit costs its worker, which is replaced. */
class FactsWorkers {
  private readonly slots: TSlot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push({ worker: new Worker(url), busy: false });
  }

  /** Resolves once every worker has loaded its script (it posts a ready message), or rejects. */
  ready(timeoutMs: number): Promise<void> {
    return Promise.all(this.slots.map((slot) => waitReady(slot.worker, timeoutMs))).then(() => undefined);
  }

  /** On worker `lane` (one lane per worker, so that a file read ahead is read by the worker that gets it). */
  async run(lane: number, file: TBrowserInput, anchorsPem: string, timeoutMs: number, signal?: AbortSignal, ahead?: Pick<TWorkerTask, "key" | "prefetch">): Promise<TBrowserFacts | { timedOut: true } | { failed: string }> {
    const slot = this.slots[lane];
    if (!slot || slot.busy) throw new Error("no free worker");
    slot.busy = true;
    const id = this.nextId++;
    const payload = file instanceof Blob ? file : file.bytes;
    try {
      return await new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          slot.worker.removeEventListener("message", onMessage);
          slot.worker.removeEventListener("error", onError);
          signal?.removeEventListener("abort", onAbort);
        };
        const replace = () => {
          slot.worker.terminate();
          if (!this.closed) slot.worker = new Worker(this.url);
        };
        const onMessage = (event: MessageEvent<TWorkerReply>) => {
          if (event.data.id !== id) return;
          finish();
          resolve(event.data.ok ? { facts: event.data.facts, wellFormedSerials: event.data.wellFormedSerials } : { failed: event.data.message });
        };
        const onError = (event: ErrorEvent) => {
          event.preventDefault();
          finish();
          replace();
          resolve({ failed: event.message || "the worker stopped" });
        };
        const onAbort = () => {
          finish();
          replace();
          reject(signal?.reason ?? new DOMException("aborted", "AbortError"));
        };
        const timer = setTimeout(() => {
          finish();
          replace();
          resolve({ timedOut: true });
        }, timeoutMs);
        slot.worker.addEventListener("message", onMessage);
        slot.worker.addEventListener("error", onError);
        signal?.addEventListener("abort", onAbort);
        slot.worker.postMessage({ id, file: payload, anchorsPem, ...ahead } satisfies TWorkerTask);
      });
    } finally {
      slot.busy = false;
    }
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot.worker.terminate();
  }
}

function waitReady(worker: Worker, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (event: MessageEvent<{ id: number }>) => event.data?.id === -1 && done();
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      done(new BrowserEngineUnavailable(`the verification worker did not start (${event.message || "load error"})`));
    };
    const timer = setTimeout(() => done(new BrowserEngineUnavailable("the verification worker did not start in time")), timeoutMs);
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
  });
}

async function sha256Hex(file: TBrowserInput): Promise<string> {
  try {
    const bytes = file instanceof Blob ? await file.arrayBuffer() : file.bytes;
    const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  } catch {
    return "";
  }
}

const sizeOf = (file: TBrowserInput) => (file instanceof Blob ? file.size : file.bytes.byteLength);

/** As the server's pool says it (facts-pool.ts tooComplex): the same verdict and reason code. */
async function unreadableFacts(file: TBrowserInput, detail: string): Promise<TBrowserFacts> {
  return { facts: { kind: "UNREADABLE", sha256: await sha256Hex(file), sizeBytes: sizeOf(file), code: "DAMAGED", detail: `too complex to read within the limits (${detail})` }, wellFormedSerials: [] };
}

type TPending = { index: number; name: string; facts: TDocumentFacts; wellFormed: Set<string>; items: TStampLookupItem[] };

export async function verifyFilesInBrowser(files: TBrowserInput[], options: TVerifyInBrowserOptions = {}): Promise<TBrowserVerification[]> {
  if (!canVerifyInBrowser()) throw new BrowserEngineUnavailable("this browser cannot verify on its own (no Web Workers or WebCrypto)");
  const results: TBrowserVerification[] = new Array(files.length);
  if (files.length === 0) return results;
  const anchorsPem = await loadTrustAnchorsPem(options.anchorsUrl);
  const hardware = typeof navigator !== "undefined" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  const size = Math.max(1, Math.min(files.length, options.concurrency ?? Math.min(8, hardware)));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let workers: FactsWorkers;
  try {
    workers = new FactsWorkers(options.workerUrl ?? DEFAULT_WORKER_URL, size);
    await workers.ready(15_000);
  } catch (error) {
    throw error instanceof BrowserEngineUnavailable ? error : new BrowserEngineUnavailable((error as Error).message);
  }

  // Judged files wait here for one registry lookup per flush (up to 1,000 stamps per request).
  let queue: TPending[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const judge = (pending: TPending, registry: TRegistryView) => {
    const verdict = judgeDocument(pending.facts, registry);
    const result: TBrowserVerification = { index: pending.index, name: pending.name, verdict, result: toFileResult(pending.name, verdict), serials: [...pending.wellFormed] };
    results[pending.index] = result;
    options.onResult?.(result);
  };
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return flushing;
    flushing = flushing.then(async () => {
      const items = batch.flatMap((p) => p.items);
      let answerFor: ((item: TStampLookupItem) => TStampLookupResult | undefined) | null = null;
      let consulted = true;
      if (items.length > 0) {
        try {
          answerFor = await lookupStampsOverHttp(items, { url: options.lookupUrl ?? DEFAULT_LOOKUP_URL, fetch: fetchWaitingOnLimit });
        } catch {
          // Offline, or the registry is down: judged as verify-offline judges, and the verdict says so.
          consulted = false;
        }
      } else {
        consulted = typeof navigator === "undefined" || navigator.onLine !== false;
      }
      for (const pending of batch) {
        judge(pending, consulted ? registryViewOf(pending, answerFor) : { consulted: false });
      }
    });
    return flushing;
  };

  let next = 0;
  const claim = () => (next < files.length ? next++ : -1);
  const queuedItems = () => queue.reduce((sum, p) => sum + p.items.length, 0);
  // Each lane claims its next file before judging the current one, so its worker reads it meanwhile.
  const lane = async (_: unknown, laneIndex: number) => {
    for (let index = claim(); index >= 0; ) {
      if (options.signal?.aborted) throw options.signal.reason ?? new DOMException("aborted", "AbortError");
      const upcoming = claim();
      const file = files[index];
      const nextFile = upcoming >= 0 ? files[upcoming] : undefined;
      const prefetch = nextFile instanceof Blob ? { key: upcoming, file: nextFile } : undefined;
      const outcome = await workers.run(laneIndex, file, anchorsPem, timeoutMs, options.signal, { key: index, prefetch });
      const found = "timedOut" in outcome ? await unreadableFacts(file, `no answer within ${timeoutMs} ms`) : "failed" in outcome ? await unreadableFacts(file, outcome.failed) : outcome;
      const wellFormed = new Set(found.wellFormedSerials);
      queue.push({ index, name: file.name, facts: found.facts, wellFormed, items: lookupItemsOf(found.facts, (s) => wellFormed.has(s)) });
      if (queuedItems() >= LOOKUP_MAX_STAMPS) void flush();
      index = upcoming;
    }
  };
  // Between full requests, whatever is queued goes to the registry once a second, so results show as they
  // come while a batch stays well under the lookup's rate limit (120 requests a minute per address).
  const ticker = setInterval(() => void flush(), 1000);
  try {
    await Promise.all(Array.from({ length: size }, lane));
    await flush();
    await flushing;
  } finally {
    clearInterval(ticker);
    workers.close();
  }
  return results;
}

/** fetch, waiting out a 429 (its Retry-After, at most 3 times and 20 s each) instead of judging without the registry. */
async function fetchWaitingOnLimit(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(input, init);
    if (response.status !== 429 || attempt > 3) return response;
    const seconds = Number(response.headers.get("retry-after"));
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, Number.isFinite(seconds) && seconds > 0 ? seconds : 2) * 1000));
  }
}

function registryViewOf(pending: TPending, answerFor: ((item: TStampLookupItem) => TStampLookupResult | undefined) | null): TRegistryView {
  if (!answerFor) return { consulted: true, stamps: new Map() };
  return registryViewFromLookup(pending.facts, answerFor, (s) => pending.wellFormed.has(s));
}
