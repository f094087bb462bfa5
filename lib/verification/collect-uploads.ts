import "server-only";
import { AppError } from "@/lib/errors";
import { readZipEntries, ZipUnreadableError } from "./read-zip";
import type { TUploadedFile } from "@/lib/http/read-multipart";
import type { TDocumentFacts } from "./document-facts";
import type { TVerifyEntry } from "./zip-types";
import { verifyPool } from "./verify-pool";

/** Inflated ZIP entries in the workers' hands (or waiting for them) at most, per upload. */
const ZIP_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

export type TUploadLimits = { maxFiles: number; maxBytes: number };

export const uploadErrors = {
  noFiles: () => new AppError("INVALID_INPUT", { id: "Lampirkan minimal satu berkas pada bagian 'file'.", en: "Attach at least one file as a 'file' part." }, { details: { field: "file" } }),
  tooMany: (max: number) =>
    new AppError("PAYLOAD_TOO_LARGE", { id: `Terlalu banyak berkas: paling banyak ${max} per batch.`, en: `Too many files: at most ${max} per batch.` }, { details: { maxFiles: max } }),
};

export const isZip = (name: string, head: Uint8Array) => /\.zip$/i.test(name) || (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04);

/**
 * The multipart `file` parts as verification entries: PDFs as they are, ZIPs unpacked safely (refusals
 * become rows). `started` holds facts already being read for files the caller sent to the pool as they arrived.
 * ZIP entries go to the workers (for `owner`) as each is inflated, and the reading waits while
 * ZIP_IN_FLIGHT_BYTES are in their hands: a batch of a thousand entries is never in memory at once.
 */
export async function collectUploads(files: TUploadedFile[], limits: TUploadLimits, options: { started?: Map<TUploadedFile, Promise<TDocumentFacts>>; owner: string }): Promise<{ entries: TVerifyEntry[]; hadZip: boolean }> {
  const { started, owner } = options;
  if (files.length === 0) throw uploadErrors.noFiles();
  if (files.length > limits.maxFiles) throw uploadErrors.tooMany(limits.maxFiles);
  const entries: TVerifyEntry[] = [];
  const used = { bytes: 0 };
  // One bound on inflated bytes in flight for the whole upload, however many ZIPs it holds.
  const toWorkers = streamToWorkers(owner);
  let hadZip = false;
  for (const file of files) {
    const { bytes } = file;
    const name = (file.filename || "document.pdf").slice(0, 300);
    if (isZip(name, bytes)) {
      hadZip = true;
      try {
        const inner = await readZipEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
          maxEntries: limits.maxFiles - entries.length + 1,
          maxTotalBytes: limits.maxBytes,
          maxEntryBytes: limits.maxBytes,
        }, used, toWorkers);
        entries.push(...inner.map((e) => ({ ...e, name: `${name}/${e.name}` })));
      } catch (error) {
        if (!(error instanceof ZipUnreadableError)) throw error;
        entries.push({ name, refused: { code: "ZIP_UNREADABLE", detail: `the ZIP archive cannot be read: ${error.message}` }, sizeBytes: bytes.byteLength });
      }
    } else {
      used.bytes += bytes.byteLength;
      const facts = started?.get(file);
      entries.push(facts ? { name, bytes, facts } : { name, bytes });
    }
    if (entries.length > limits.maxFiles) throw uploadErrors.tooMany(limits.maxFiles);
  }
  return { entries, hadZip };
}

/** Hands each inflated entry to the workers and lets its bytes go; waits while too many bytes are in flight. */
function streamToWorkers(owner: string): (row: TVerifyEntry) => Promise<TVerifyEntry> {
  const pool = verifyPool();
  const inFlight: { bytes: number; done: Promise<unknown> }[] = [];
  let inFlightBytes = 0;
  return async (row) => {
    if (!("bytes" in row)) return row;
    while (inFlight.length > 0 && inFlightBytes + row.bytes.byteLength > ZIP_IN_FLIGHT_BYTES) {
      const oldest = inFlight.shift()!;
      await oldest.done;
      inFlightBytes -= oldest.bytes;
    }
    const facts = pool.then((p) => p.facts(row.bytes, owner));
    inFlight.push({ bytes: row.bytes.byteLength, done: facts.catch(() => undefined) });
    inFlightBytes += row.bytes.byteLength;
    return { name: row.name, facts };
  };
}
