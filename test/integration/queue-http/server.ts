// A real HTTP server around the portal's front door (lib/server/front-door.ts, what server.mjs runs),
// for tests that need several processes without a Next build: the front door answers the waiting
// room itself (guard, waiting page, ticket polls, queue summary) and hands the rest to a stand-in for
// Next here: the admin and leave routes, or the protected page or endpoint behind the waiting room.
// Run as a process: `node --conditions=react-server --import tsx server.ts <port>` prints "ready <port>".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import * as adminQueueRoute from "@/app/api/v1/admin/queue/[area]/route";
import * as leaveRoute from "@/app/api/v1/queue/leave/route";
import { QUEUE_STATE_HEADER } from "@/lib/queue/http-identity";
import { handleAtFrontDoor } from "@/lib/server/front-door";

type THandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeFor(method: string, pathname: string): { handler: THandler; params: Record<string, string> } | null {
  const admin = /^\/api\/v1\/admin\/queue\/([^/]+)$/.exec(pathname);
  if (admin && (method === "PUT" || method === "GET")) return { handler: adminQueueRoute[method] as THandler, params: { area: admin[1] } };
  if (pathname === "/api/v1/queue/leave" && method === "POST") return { handler: leaveRoute.POST as THandler, params: {} };
  return null;
}

/** What stands behind the waiting room: the protected page or endpoint. */
function standIn(method: string, pathname: string, headers: Headers): Response {
  return Response.json({ reached: `${method} ${pathname}`, pid: process.pid, queueState: headers.get(QUEUE_STATE_HEADER) }, { status: method === "POST" ? 201 : 200 });
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Plays Next's part: serves the request with what the front door left on `req` and `res`. */
async function behindTheDoor(req: IncomingMessage, res: ServerResponse, port: number): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const url = `http://127.0.0.1:${port}${req.url ?? "/"}`;
  const method = req.method ?? "GET";
  const pathname = new URL(url).pathname;
  const route = routeFor(method, pathname);
  const response = route
    ? await route.handler(new Request(url, { method, headers, body: await readBody(req) }), { params: Promise.resolve(route.params) })
    : standIn(method, pathname, headers);
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  // Next sets its cookies with setHeader too: the front door must keep its own alongside them.
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.statusCode = response.status;
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function startQueueHttpServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    void handleAtFrontDoor(req, res, (r, s) => {
      behindTheDoor(r, s, port).catch((error: unknown) => {
        console.error(error);
        s.writeHead(500).end(String(error));
      });
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1]?.endsWith("server.ts") && process.argv[2]) {
  const port = Number(process.argv[2]);
  void startQueueHttpServer(port).then(() => process.stdout.write(`ready ${port}\n`));
}
