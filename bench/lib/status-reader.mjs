// A status-page reader on a thread of its own (so the load generator's own event loop, busy with
// thousands of simulated visitors, does not add to the latencies it measures): GET /status every
// intervalMs, asking for compression as a browser does, until told to stop; then posts the timings.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { ports, intervalMs } = workerData;
const agent = new http.Agent({ keepAlive: true });
const timings = [];
let errors = 0;
let fivexx = 0;
let running = true;
parentPort.on("message", (message) => {
  if (message === "stop") running = false;
});

function read(port) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/status", agent, headers: { "accept-encoding": "gzip, deflate, br" }, timeout: 30_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

while (running) {
  try {
    const r = await read(ports[Math.floor(Math.random() * ports.length)]);
    timings.push(r.ms);
    if (r.status >= 500) fivexx += 1;
  } catch {
    errors += 1;
  }
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
parentPort.postMessage({ timings, errors, fivexx });
