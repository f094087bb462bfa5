/**
 * node:zlib's inflateSync for the browser bundle (see node-crypto.ts for why node: modules are swapped):
 * only what lib/pdf/pdf-reader.ts uses, `maxOutputLength` (a decompression bomb stops at the cap with
 * node's ERR_BUFFER_TOO_LARGE) and `finishFlush: Z_SYNC_FLUSH` (a truncated stream yields what it holds).
 * pako is the zlib port pdf-lib already uses.
 */
// The default import: pako is CommonJS, whose named exports Node's ESM loader cannot see.
import pako from "pako";

export const constants = { Z_SYNC_FLUSH: 2, Z_FINISH: 4 } as const;

class BufferTooLargeError extends RangeError {
  readonly code = "ERR_BUFFER_TOO_LARGE";
}

export function inflateSync(data: Uint8Array, options: { maxOutputLength?: number; finishFlush?: number } = {}): Buffer {
  const cap = options.maxOutputLength ?? Number.MAX_SAFE_INTEGER;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflator = new pako.Inflate({ chunkSize: 64 * 1024 });
  inflator.onData = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > cap) throw new BufferTooLargeError(`Cannot create a Buffer larger than ${cap} bytes`);
    chunks.push(chunk);
  };
  inflator.push(data, options.finishFlush ?? constants.Z_FINISH);
  if (inflator.err) throw new Error(String(inflator.msg || `zlib error ${inflator.err}`));
  return Buffer.concat(chunks, total);
}
