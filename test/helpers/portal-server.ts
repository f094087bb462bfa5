// Starts a production build of the portal (`node server.mjs`, what `npm start` runs) on its own port and data folder, for tests
// that must kill and restart a real server, and for benchmarks. Needs `npm run build` first.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

export type TPortalServer = {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  env: NodeJS.ProcessEnv;
  /** SIGKILL to the whole process group: a crash, no clean-up code runs. */
  kill(): void;
  stop(options?: { keepData?: boolean }): Promise<void>;
};

/** Without `port`, the system picks a free one (a restart passes the old server's port to keep its URL). */
export async function startPortalServer(options: { port?: number; env?: Record<string, string>; dataDir?: string } = {}): Promise<TPortalServer> {
  const fresh = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "emeterai-server-"));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: url, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", RATE_LIMIT_DISABLED: "1", SIGNING_KEY_PASSPHRASE: "test-signing-passphrase", DRAIN_READY_DELAY_SECONDS: "0" };
  delete env.DATABASE_URL;
  Object.assign(env, options.env);
  if (fresh) {
    const tsx = (script: string) => execFileSync("npx", ["tsx", "--conditions=react-server", script], { env, encoding: "utf8" });
    tsx("scripts/db/migrate.ts");
    tsx("prisma/seed.ts");
  }
  // PORTAL_NODE_ARGS: extra node flags for the server only (profiling: "--cpu-prof --cpu-prof-dir=DIR",
  // which NODE_OPTIONS refuses; worker threads write their own profiles too). PORTAL_STDOUT=1 shows the
  // server's standard output (V8's --trace-gc and --trace-incremental-marking write there).
  const nodeArgs = process.env.PORTAL_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "server.mjs", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", process.env.PORTAL_STDOUT ? "inherit" : "ignore", "inherit"], detached: true });
  await waitFor(`${url}/api/health`, 60_000);
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {}
  };
  return {
    url,
    port,
    dataDir,
    pid: child.pid!,
    env,
    kill: () => signal("SIGKILL"),
    async stop(stopOptions = {}) {
      signal("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve).once("error", resolve) && setTimeout(resolve, 3000));
      if (!stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs an operator command against the server's database (`npm run admin -- …`), returns its stdout. */
export function admin(server: TPortalServer, args: string[]): string {
  return execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", ...args], { env: server.env, encoding: "utf8" }).trim();
}

/** Gives an account paid quota in the server's database, the way a settled order does (test/bench setup). */
export function grantQuota(server: TPortalServer, email: string, units: number) {
  execFileSync("npx", ["tsx", "--conditions=react-server", "test/helpers/grant-quota-cli.ts", email, String(units)], { env: server.env, stdio: "inherit" });
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer at ${url}`);
}
