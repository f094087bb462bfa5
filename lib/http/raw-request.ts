import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import { processSingleton } from "@/lib/process-singleton";

/**
 * The Node request behind a route handler's Request, for reading large upload bodies directly.
 *
 * Next hands a route the body as a web stream pulled chunk by chunk from the IncomingMessage: each
 * 64 KB pull paused and resumed the socket, and a 50 MB verification batch took 130–460 ms just to
 * arrive, with both processes mostly idle. Read in flowing mode the same body arrives at loopback speed.
 * The front door (lib/server/front-door.ts) runs Next's handler inside `withRawRequest`; the store
 * lives on globalThis because the front door and the routes are separate bundles.
 */

const store = processSingleton("raw-request", () => new AsyncLocalStorage<IncomingMessage>());

export function withRawRequest<T>(req: IncomingMessage, run: () => T): T {
  return store.run(req, run);
}

/**
 * The request's body as it arrives, read straight from the socket, or null when this Request was not
 * handed over by the front door (tests, `next dev` without it) or its body has been touched already:
 * the caller then reads `request.body`.
 */
export function rawBodyOf(request: Request): AsyncIterable<Buffer> | null {
  const req = store.getStore();
  if (!req || req.method !== request.method || (req.headers["content-type"] ?? "") !== (request.headers.get("content-type") ?? "")) return null;
  if ((req.url ?? "").split("?")[0] !== new URL(request.url).pathname) return null;
  if (req.readableDidRead || req.readableEnded || req.listenerCount("data") > 0 || req.listenerCount("readable") > 0) return null;
  return flowing(req);
}

async function* flowing(req: IncomingMessage): AsyncGenerator<Buffer> {
  // A client gone before we started reading: no event will ever come, so waiting for one would hang.
  if (req.destroyed || req.readableAborted) throw new Error("the client closed the connection before the body ended");
  const chunks: Buffer[] = [];
  let next = 0;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  const onError = (error: Error) => {
    failure ??= error;
    wake?.();
  };
  const onClose = () => {
    if (!ended) onError(new Error("the client closed the connection before the body ended"));
  };
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", onError);
  req.on("close", onClose);
  try {
    for (;;) {
      while (next < chunks.length) {
        const chunk = chunks[next];
        chunks[next++] = undefined as unknown as Buffer; // let it go once parsed
        yield chunk;
      }
      if (failure) throw failure;
      if (ended) return;
      chunks.length = 0;
      next = 0;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
    req.off("close", onClose);
    // Whatever is left of the body is read and dropped (still flowing), so the answer can be sent.
  }
}
