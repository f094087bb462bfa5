// Ports for tests and benchmarks, chosen by the operating system (port 0) instead of fixed ranges, so
// that a demo left running or a second test run on the same machine never collides with this one.
import net from "node:net";
import type { Server } from "node:http";

/** Listens on 127.0.0.1 on a port the system picks, and returns that port. */
export function listenOnFreePort(server: Server | net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}

/**
 * A port that was free a moment ago, for a server started in another process (which cannot be handed a
 * listening socket). The system does not hand the same ephemeral port out again at once.
 */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await listenOnFreePort(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
