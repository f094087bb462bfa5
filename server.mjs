// The portal's HTTP server (`npm start`, `npm run dev`): Next behind the front door.
// The front door (lib/server/front-door.ts, registered by instrumentation.ts while Next prepares) answers
// the status page and the waiting room itself and hands everything else to Next's request handler.
//   node server.mjs [-H host] [-p port] [--dev]      (defaults: 0.0.0.0, $PORT or 3000)
import { createServer } from "node:http";
import v8 from "node:v8";

// Let the old generation grow to 4× its live size between full collections (V8 picks 1.1–4× by its own
// measure). Under load every request's objects live long enough to be promoted, and Next's heap of about
// 60 MB was then marked in full every 20 or so stamps: the GC threads took about a third of the CPU per
// stamp (bench:affix, per-thread CPU). The price is memory: a heap that may reach about 4× its live size.
v8.setFlagsFromString("--heap-growing-percent=300");

const args = process.argv.slice(2);
const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const dev = args.includes("--dev");
// As `next start` / `next dev` do, before Next (and React) are loaded.
process.env.NODE_ENV ??= dev ? "development" : "production";
const { default: next } = await import("next");
const hostname = option("-H", "0.0.0.0");
const port = Number(option("-p", process.env.PORT || "3000"));

const app = next({ dev, hostname, port, dir: import.meta.dirname });
await app.prepare();
const handle = app.getRequestHandler();
await runInstrumentation();
const frontDoor = globalThis[Symbol.for("emeterai.front-door")];
if (typeof frontDoor?.handle !== "function") {
  // Without it there is no waiting room and no fast status page: refuse to run half a portal.
  console.error("[server] the front door was not registered (instrumentation.ts did not run)");
  process.exit(1);
}

/**
 * Next runs instrumentation.ts (migrations, background jobs, the front door's registration) on its first
 * request. Make that request ourselves, on a private port, before the public port opens.
 */
async function runInstrumentation() {
  const probe = createServer(handle);
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${probe.address().port}/api/health`);
    await response.arrayBuffer();
  } catch (error) {
    console.error(`[server] warm-up request failed: ${error.message}`);
  } finally {
    probe.closeAllConnections();
    await new Promise((resolve) => probe.close(resolve));
  }
}

await frontDoor.ready();
const server = createServer((req, res) => void frontDoor.handle(req, res, handle));
if (dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(port, hostname, () => console.log(`[server] ready on http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`));

// SIGTERM (and a first Ctrl-C): drain gracefully (lib/server/drain.ts), then exit. A second signal exits at once.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    const { unfinished, tookMs } = await frontDoor.drain(server);
    if (unfinished) console.error(`[server] drained in ${tookMs} ms; ${unfinished} request(s) still unfinished were cut off`);
    else console.log(`[server] drained in ${tookMs} ms; every request finished`);
    process.exit(unfinished ? 1 : 0);
  });
}
