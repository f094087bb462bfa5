import "server-only";
import { AppError } from "@/lib/errors";
import { rawBodyOf } from "./raw-request";
import { boundaryOf, MultipartError, readMultipartForm, type TMultipartFile } from "./multipart-parser";

export type TUploadedFile = TMultipartFile;

/** A multipart request's text fields (the first of each name) and its files, in order. */
export type TMultipartForm = {
  text(name: string): string | null;
  file(name: string): TUploadedFile | null;
  files(name: string): TUploadedFile[];
};

export type TReadMultipartOptions = {
  /** Most parts accepted (files and fields together); default 2,000. */
  maxParts?: number;
  /** File bytes in shared memory, for worker threads to read without a copy. */
  sharedMemory?: boolean;
  /** Called as each file arrives, before the rest of the body has been read. */
  onFile?: (file: TUploadedFile) => void;
};

// Room for the other form fields and the multipart boundaries and headers beyond the files themselves.
const ENVELOPE_BYTES = 1024 * 1024;

const tooLarge = (maxFileBytes: number) =>
  new AppError("PAYLOAD_TOO_LARGE", {
    id: `Berkas lebih besar dari batas ${Math.round(maxFileBytes / 1024 / 1024)} MB.`,
    en: `The file is larger than the ${Math.round(maxFileBytes / 1024 / 1024)} MB limit.`,
  });

/**
 * Reads a multipart body as it streams in (lib/http/multipart-parser.ts), refusing it early by
 * Content-Length, and again while reading when a body without one grows past the limit. Under the
 * front door the bytes come straight from the socket (lib/http/raw-request.ts).
 */
export async function readMultipart(request: Request, maxFileBytes: number, options: TReadMultipartOptions = {}): Promise<TMultipartForm> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { id: "Kirim sebagai multipart/form-data.", en: "Send the request as multipart/form-data." });
  }
  const boundary = boundaryOf(type);
  if (!boundary) throw malformed("no boundary in Content-Type");
  const maxBodyBytes = maxFileBytes + ENVELOPE_BYTES;
  if (Number(request.headers.get("content-length") ?? 0) > maxBodyBytes) throw tooLarge(maxFileBytes);
  // The front door serves some routes itself with a body-less Request: their body is the raw request's.
  const body = rawBodyOf(request) ?? (request.body as unknown as AsyncIterable<Uint8Array> | null);
  if (!body) throw malformed("empty body");
  const maxParts = options.maxParts ?? 2000;
  try {
    const { fields, files } = await readMultipartForm(body, boundary, { maxBodyBytes, maxParts, sharedMemory: options.sharedMemory }, options.onFile);
    return {
      text: (name) => fields.get(name) ?? null,
      file: (name) => files.find((f) => f.field === name) ?? null,
      files: (name) => files.filter((f) => f.field === name),
    };
  } catch (error) {
    if (!(error instanceof MultipartError)) throw malformed((error as Error)?.message ?? String(error));
    if (error.problem === "TOO_LARGE") throw tooLarge(maxFileBytes);
    if (error.problem === "TOO_MANY_PARTS") {
      throw new AppError("PAYLOAD_TOO_LARGE", { id: `Terlalu banyak bagian: paling banyak ${maxParts}.`, en: `Too many parts: at most ${maxParts}.` }, { details: { maxParts } });
    }
    throw malformed(error.message);
  }
}

function malformed(reason: string) {
  return new AppError("MALFORMED_MULTIPART", { id: "Body multipart tidak dapat dibaca.", en: "The multipart body could not be read." }, { details: { reason } });
}
