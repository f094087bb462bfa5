// A response whose body is already bytes in memory (the status page's cached renders, a stamped PDF) can
// be written by the front door as is, without reading it back through a stream. The bytes are remembered
// here, next to the Response that carries the same body for Next and for tests.
//
// The Response's body is a stream that hands over the same bytes when read, not a copy: given bytes,
// the Response constructor copies them (undici's extractBody), which for a stamped PDF was 0.8 MB of new
// memory per stamp on the event loop's thread, never read when the front door writes the bytes itself.
import { processSingleton } from "@/lib/process-singleton";

type TPrepared = { bytes: Uint8Array; sent?: () => void };
const bodies = processSingleton("prepared-bodies", () => new WeakMap<Response, TPrepared>());

/**
 * A Response with these bytes as its body, remembered for `preparedBody`. `sent`: called once the front
 * door has written the bytes (or the connection has gone), when the caller may reuse their memory; a
 * response read another way (Next, a test) never calls it, and the memory is left to the garbage collector.
 */
export function responseWithBytes(bytes: Uint8Array, init: ResponseInit, options: { sent?: () => void } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Length", String(bytes.byteLength));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
  const response = new Response(body, { ...init, headers });
  bodies.set(response, { bytes, sent: options.sent });
  return response;
}

/** The bytes of a response made by `responseWithBytes`, or undefined. */
export const preparedBody = (response: Response): TPrepared | undefined => bodies.get(response);
