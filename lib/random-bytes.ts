// Random bytes from a CSPRNG, drawn in 4 KiB batches. Each call of crypto.randomBytes is a round trip into
// OpenSSL of about 5 µs here, and a stamp needs a dozen small draws (row ids, serials, a nonce): 0.13 ms of
// the event loop's thread per stamp in a CPU profile of bench:affix. Node's randomUUID batches the same way.
import { randomFillSync } from "node:crypto";

const BATCH = 4096;
let batch = Buffer.alloc(0);
let used = 0;

/**
 * `size` fresh random bytes, never handed out twice. The array stays valid: a used batch is never
 * refilled, the next one is new memory. Larger draws go straight to the CSPRNG.
 */
export function randomBytes(size: number): Buffer {
  if (size > BATCH / 8) return randomFillSync(Buffer.allocUnsafe(size));
  if (used + size > batch.length) {
    batch = randomFillSync(Buffer.allocUnsafeSlow(BATCH));
    used = 0;
  }
  used += size;
  return batch.subarray(used - size, used);
}
