// A response whose body is already bytes in memory (the status page's cached renders) can be written
// by the front door as is, without reading it back through a stream. The bytes are remembered here,
// next to the Response that carries the same body for Next and for tests.
import { processSingleton } from "@/lib/process-singleton";
const bodies = processSingleton("prepared-bodies", () => new WeakMap<Response, Uint8Array>());

/** A Response with these bytes as its body, remembered for `preparedBody`. */
export function responseWithBytes(body: Uint8Array, init: ResponseInit): Response {
  const response = new Response(body as Uint8Array<ArrayBuffer>, init);
  bodies.set(response, body);
  return response;
}

/** The bytes of a response made by `responseWithBytes`, or undefined. */
export const preparedBody = (response: Response): Uint8Array | undefined => bodies.get(response);
