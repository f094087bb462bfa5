/**
 * A committee's batch verified in the browser (/verify/bulk): PDFs picked one by one or as a folder,
 * and ZIPs unpacked here (read-zip-in-browser.ts, the server's rules), all judged by the browser engine
 * (verify-files.ts). The documents never leave the computer. No React.
 *
 *   verifyBatchInBrowser(inputs: File[], { limits, onProgress, signal }): Promise<TFileResult[]>
 *     One result per PDF, in the order picked (a ZIP's entries in archive order, named "archive.zip/entry.pdf"
 *     as the server names them); refused ZIP entries are UNREADABLE rows with the server's codes.
 *     Throws BatchRefused (with the message to show) when the batch is over limits.maxFiles, as the server refuses it.
 *     ZIP entries are inflated a chunk at a time (CHUNK_BYTES): a batch is never all in memory.
 */
import type { TFileResult } from "@/lib/verification/file-result";
import { readZipInBrowser, ZipUnreadableError, countZipEntries } from "@/lib/verification/read-zip-in-browser";
import type { TZipLimits } from "@/lib/verification/zip-rules";
import type { TVerdict } from "@/lib/verification/verdicts";
import { verifyFilesInBrowser, type TBrowserInput, type TVerifyInBrowserOptions } from "./verify-files";

/** Inflated ZIP entries held at once, at most (plain files are read by the workers from disk). */
const CHUNK_BYTES = 96 * 1024 * 1024;

export type TBatchProgress = { done: number; total: number; counts: Partial<Record<TVerdict, number>> };
export type TBatchLimits = { maxFiles: number; maxBytes: number; maxEntryBytes: number };

export class BatchRefused extends Error {
  constructor(
    readonly code: "TOO_MANY_FILES",
    readonly max: number,
  ) {
    super(`${code}: at most ${max} files per batch`);
  }
}

export const isZipName = (name: string) => /\.zip$/i.test(name);
const nameOf = (file: File) => ((file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name || "document.pdf").slice(0, 300);

export async function verifyBatchInBrowser(
  inputs: File[],
  options: { limits: TBatchLimits; onProgress?: (progress: TBatchProgress) => void; signal?: AbortSignal; engine?: Omit<TVerifyInBrowserOptions, "onResult" | "signal"> },
): Promise<TFileResult[]> {
  const { limits } = options;
  // The whole batch is counted first (a ZIP's central directory only), so that a batch over the limit is
  // refused before anything runs, and the progress bar knows its end.
  let total = 0;
  for (const file of inputs) {
    if (!isZipName(file.name)) total++;
    else {
      try {
        total += countZipEntries(new Uint8Array(await file.arrayBuffer()));
      } catch {
        total++;
      }
    }
    if (total > limits.maxFiles) throw new BatchRefused("TOO_MANY_FILES", limits.maxFiles);
  }

  const results: TFileResult[] = [];
  const counts: Partial<Record<TVerdict, number>> = {};
  let done = 0;
  const report = () => options.onProgress?.({ done, total, counts: { ...counts } });
  const settle = (index: number, result: TFileResult) => {
    results[index] = result;
    counts[result.verdict] = (counts[result.verdict] ?? 0) + 1;
    done++;
    report();
  };
  report();

  let chunk: { index: number; input: TBrowserInput }[] = [];
  let chunkBytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const batch = chunk;
    chunk = [];
    chunkBytes = 0;
    await verifyFilesInBrowser(
      batch.map((c) => c.input),
      { ...options.engine, signal: options.signal, onResult: (r) => settle(batch[r.index].index, r.result) },
    );
  };
  const refusedRow = (name: string, code: string, detail: string, sizeBytes: number): TFileResult => ({ file: name, sha256: "", sizeBytes, verdict: "UNREADABLE", reason: { code, detail }, registryConsulted: false, stamps: [] });

  let next = 0;
  const used = { bytes: 0 };
  const zipLimits = (): TZipLimits => ({ maxEntries: limits.maxFiles, maxTotalBytes: limits.maxBytes, maxEntryBytes: limits.maxEntryBytes });
  for (const file of inputs) {
    options.signal?.throwIfAborted();
    const name = nameOf(file);
    if (!isZipName(file.name)) {
      used.bytes += file.size;
      chunk.push({ index: next++, input: new File([file], name, { type: file.type }) });
      continue;
    }
    const zip = new Uint8Array(await file.arrayBuffer());
    try {
      for (const row of readZipInBrowser(zip, zipLimits(), used)) {
        const index = next++;
        if ("refused" in row) {
          settle(index, refusedRow(`${name}/${row.name}`, row.refused.code, row.refused.detail, row.sizeBytes));
          continue;
        }
        chunk.push({ index, input: { name: `${name}/${row.name}`, bytes: row.bytes } });
        chunkBytes += row.bytes.byteLength;
        if (chunkBytes >= CHUNK_BYTES) await flush();
      }
    } catch (error) {
      if (!(error instanceof ZipUnreadableError)) throw error;
      settle(next++, refusedRow(name, "ZIP_UNREADABLE", `the ZIP archive cannot be read: ${error.message}`, zip.byteLength));
    }
  }
  await flush();
  return results.filter(Boolean);
}
