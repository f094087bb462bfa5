// A real HTTP server around the portal's waiting-room edge, for tests that need several processes
// without a Next build: every request goes through guardRequest (what proxy.ts runs), then to the
// real queue route handlers, or to a stand-in for the protected page or endpoint behind it.
// Run as a process: `node --conditions=react-server --import tsx server.ts <port>` prints "ready <port>".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { NextRequest } from "next/server";
import * as adminQueueRoute from "@/app/api/v1/admin/queue/[area]/route";
import * as leaveRoute from "@/app/api/v1/queue/leave/route";
import * as queueRoute from "@/app/api/v1/queue/route";
import * as ticketRoute from "@/app/api/v1/queue/ticket/route";
import { guardRequest } from "@/lib/queue/guard-request";
import { QUEUE_STATE_HEADER } from "@/lib/queue/http-identity";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeFor(method: string, pathname: string): { handler: THandler; params: Record<string, string> } | null {
  const admin = /^\/api\/v1\/admin\/queue\/([^/]+)$/.exec(pathname);
  if (admin && (method === "PUT" || method === "GET")) return { handler: adminQueueRoute[method] as THandler, params: { area: admin[1] } };
  if (pathname === "/api/v1/queue" && method === "GET") return { handler: queueRoute.GET as THandler, params: {} };
  if (pathname === "/api/v1/queue/ticket" && method === "GET") return { handler: ticketRoute.GET as THandler, params: {} };
  if (pathname === "/api/v1/queue/leave" && method === "POST") return { handler: leaveRoute.POST as THandler, params: {} };
  return null;
}

/** What stands behind the waiting room: the protected page or endpoint, or the waiting page. */
function standIn(method: string, pathname: string, forwarded: Headers): Response {
  if (pathname === "/queue") return Response.json({ page: "queue", view: JSON.parse(forwarded.get(QUEUE_STATE_HEADER) ?? "null") });
  return Response.json({ reached: `${method} ${pathname}`, pid: process.pid }, { status: method === "POST" ? 201 : 200 });
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function handle(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const url = `http://127.0.0.1:${port}${req.url ?? "/"}`;
  const body = await readBody(req);
  const request = new NextRequest(url, { method: req.method, headers, body });
  const forwarded = new Headers(headers);
  const guarded = await guardRequest(request, forwarded);
  let response: Response = guarded;
  if (guarded.headers.get("x-middleware-next") === "1") {
    // The proxy let the request through: the handler sees the request headers the proxy set.
    for (const [name, value] of guarded.headers) {
      if (name.startsWith("x-middleware-request-")) forwarded.set(name.slice("x-middleware-request-".length), value);
    }
    const pathname = new URL(url).pathname;
    const route = routeFor(req.method ?? "GET", pathname);
    const inner = route
      ? await route.handler(new Request(url, { method: req.method, headers: forwarded, body }), { params: Promise.resolve(route.params) })
      : standIn(req.method ?? "GET", pathname, forwarded);
    const merged = new Headers(inner.headers);
    for (const cookie of guarded.headers.getSetCookie()) merged.append("set-cookie", cookie);
    const ticket = guarded.headers.get("x-queue-ticket");
    if (ticket && !merged.has("x-queue-ticket")) merged.set("x-queue-ticket", ticket);
    response = new Response(inner.body, { status: inner.status, headers: merged });
  }
  const outHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name === "set-cookie" || name.startsWith("x-middleware-")) continue;
    outHeaders[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) outHeaders["set-cookie"] = cookies;
  res.writeHead(response.status, outHeaders);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function startQueueHttpServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res, port).catch((error: unknown) => {
      console.error(error);
      res.writeHead(500).end(String(error));
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1]?.endsWith("server.ts") && process.argv[2]) {
  const port = Number(process.argv[2]);
  void startQueueHttpServer(port).then(() => process.stdout.write(`ready ${port}\n`));
}
