// Starts a production build of the portal (`next start`) on a fresh data folder for a benchmark,
// with its database migrated and seeded. Needs `npm run build` first.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type TPortalServer = { url: string; dataDir: string; pid: number; env: NodeJS.ProcessEnv; stop(): Promise<void> };

export async function startPortalServer(options: { port: number; env?: Record<string, string> }): Promise<TPortalServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "emeterai-bench-"));
  const url = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    RATE_LIMIT_DISABLED: "1",
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.env?.DATABASE_URL) env.DATABASE_URL = options.env.DATABASE_URL;
  const tsx = (script: string, args: string[] = []) =>
    execFileSync("npx", ["tsx", "--conditions=react-server", script, ...args], { env, encoding: "utf8" });
  tsx("scripts/db/migrate.ts");
  tsx("prisma/seed.ts");
  const child: ChildProcess = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(options.port)], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  await waitFor(`${url}/api/health`, 60_000);
  return {
    url,
    dataDir,
    pid: child.pid!,
    env,
    async stop() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs an operator command against the server's database (`npm run admin -- …`), returns its stdout. */
export function admin(server: TPortalServer, args: string[]): string {
  return execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", ...args], { env: server.env, encoding: "utf8" }).trim();
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
