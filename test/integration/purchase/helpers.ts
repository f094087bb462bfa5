// Helpers for the purchase tests: credit a user through a real paid order, call route handlers with real Requests.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { applyPaymentState } from "@/lib/orders/apply-payment-state";
import { runTransaction } from "@/lib/db/run-transaction";

/** An order of `quantity` stamps, paid and credited through the same transition the webhook uses. */
export async function creditThroughOrder(user: { id: string; email: string }, quantity: number) {
  const { order } = await createOrder({ userId: user.id, actor: { id: user.id, label: user.email }, quantity, idempotencyKey: `test-${randomUUID()}` });
  await runTransaction((tx) => applyPaymentState(tx, order.id, "paid", { actor: { id: null, label: "test" }, source: "reconcile" }));
  return order;
}

export async function orderStatus(orderId: string) {
  return (await db().order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } })).status;
}

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route module's exported handler with a real Request, as Next does. */
export async function callRoute(handler: THandler, init: { method?: string; url?: string; headers?: Record<string, string>; body?: string | object; params?: Record<string, string> }) {
  const body = typeof init.body === "string" || init.body === undefined ? init.body : JSON.stringify(init.body);
  const request = new Request(init.url ?? "http://127.0.0.1/api", {
    method: init.method ?? "POST",
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body,
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}

/**
 * A local HTTP server (127.0.0.1 only) that serves the webhook route module, so the simulator's
 * notification travels over real HTTP to the production handler.
 */
export async function serveWebhook(route: { POST: THandler }): Promise<{ url: string; close: () => Promise<void>; received: number }> {
  const state = { received: 0 };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const match = /^\/api\/v1\/payments\/notifications\/([^/?]+)/.exec(req.url ?? "");
    if (!match || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    state.received++;
    const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
    const response = await route.POST(request, { params: Promise.resolve({ provider: match[1] }) });
    res.writeHead(response.status, { "content-type": "application/json" }).end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    get received() {
      return state.received;
    },
  };
}
