// Starts the portal as a cluster on this machine, as production runs it on several: N nodes (each
// `node server.mjs` with its own DATA_DIR, as if on its own machine) sharing PostgreSQL, Redis and an
// S3-compatible object store (s3rver), behind HAProxy with health checks (deploy/haproxy/haproxy.cfg).
// Used by `npm run cluster`, the cluster tests and `npm run bench:cluster`. Needs `npm run build` first.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { startS3Server, type TS3Server } from "./start-s3-server";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type TClusterOptions = {
  nodes?: number;
  /** HAProxy listens here; node i on port + i; the stats page on port + nodes + 1. */
  port: number;
  databaseUrl: string;
  redisUrl?: string;
  /** Each node's DATA_DIR is dataRoot/node-i; HAProxy's config and s3rver's files are kept there too. */
  dataRoot: string;
  /** Added to every node's environment. */
  env?: Record<string, string>;
  /** Node output: inherit (prefixed lines on this terminal) or ignore. */
  output?: "inherit" | "ignore";
};

export type TClusterNode = {
  name: string;
  url: string;
  port: number;
  /** The node's process id while it runs (benchmarks read its CPU time). */
  pid(): number | null;
  running(): boolean;
  start(): Promise<void>;
  /** SIGTERM: drains (lib/server/drain.ts), then exits; resolves when the process has exited. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
};

export type TCluster = {
  url: string;
  statsUrl: string;
  nodes: TClusterNode[];
  nodeEnv: Record<string, string>;
  s3: TS3Server;
  stop(): Promise<void>;
  /** Deletes the waiting room's keys of this cluster from Redis (tests and benchmarks, after stop). */
  forgetRedisKeys(): Promise<void>;
};

export async function startCluster(options: TClusterOptions): Promise<TCluster> {
  const count = options.nodes ?? 3;
  if (!existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  mkdirSync(options.dataRoot, { recursive: true });
  await ensureDatabase(options.databaseUrl);
  const s3 = await startS3Server({ directory: path.join(options.dataRoot, "s3") });
  const url = `http://127.0.0.1:${options.port}`;
  const nodeEnv: Record<string, string> = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? "redis://127.0.0.1:6379",
    QUEUE_REDIS_PREFIX: `emeterai:cluster:${options.port}`,
    PUBLIC_URL: url,
    // Behind HAProxy: the client's address is the one HAProxy forwards (X-Forwarded-For).
    TRUSTED_PROXIES: "127.0.0.1",
    // The AWS SDK's notice that its 2027 releases need Node 22, printed by every node at start.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...s3.env,
    ...options.env,
  };
  nodeEnv.SIGNING_KEY_PASSPHRASE ??= process.env.SIGNING_KEY_PASSPHRASE ?? "cluster-demo-passphrase (change me)";
  const baseEnv = { ...process.env, ...nodeEnv };
  delete baseEnv.DATA_DIR;
  const tsx = (script: string) => execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", script], { cwd: ROOT, env: { ...baseEnv, DATA_DIR: path.join(options.dataRoot, "node-1") }, stdio: ["ignore", "ignore", "inherit"] });
  tsx("scripts/db/migrate.ts");
  tsx("prisma/seed.ts");

  const nodes = Array.from({ length: count }, (_, i) => makeNode(`node${i + 1}`, options.port + i + 1, { ...baseEnv, DATA_DIR: path.join(options.dataRoot, `node-${i + 1}`) }, options.output ?? "inherit"));
  const statsPort = options.port + count + 1;
  let haproxy: ChildProcess | null = null;
  try {
    // The first node registers the cluster's signing identity; the others start once it is there.
    await nodes[0].start();
    await Promise.all(nodes.slice(1).map((node) => node.start()));
    haproxy = startHaproxy(options.dataRoot, options.port, statsPort, nodes, options.output ?? "inherit");
    await waitForHealth(url, 20_000);
  } catch (error) {
    // Leave nothing running behind a failed start.
    await Promise.all(nodes.map((node) => node.kill()));
    haproxy?.kill("SIGKILL");
    await s3.close();
    await forgetRedisKeys(nodeEnv).catch(() => {});
    throw error;
  }
  return {
    url,
    statsUrl: `http://127.0.0.1:${statsPort}/`,
    nodes,
    nodeEnv,
    s3,
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      haproxy!.kill("SIGTERM");
      await s3.close();
    },
    forgetRedisKeys: () => forgetRedisKeys(nodeEnv),
  };
}

function makeNode(name: string, port: number, env: NodeJS.ProcessEnv, output: "inherit" | "ignore"): TClusterNode {
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    url,
    port,
    running: () => child !== null,
    pid: () => child?.pid ?? null,
    async start() {
      if (child) return;
      const started = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      child = started;
      exited = new Promise((resolve) => started.once("exit", (code) => {
        if (child === started) child = null;
        resolve(code);
      }));
      // The last lines a node wrote, kept even when its output is not shown: a failed start quotes them.
      const recent: string[] = [];
      for (const stream of [started.stdout!, started.stderr!]) {
        stream.setEncoding("utf8");
        let pending = "";
        stream.on("data", (chunk: string) => {
          const lines = (pending + chunk).split("\n");
          pending = lines.pop()!;
          recent.push(...lines);
          recent.splice(0, Math.max(0, recent.length - 20));
          if (output === "ignore") return;
          for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
        });
      }
      const quoted = () => (recent.length ? `; its last output:\n${recent.join("\n")}` : "; it wrote nothing");
      try {
        const ready = await Promise.race([waitForHealth(url, 90_000).then(() => true), exited.then(() => false)]);
        if (!ready) throw new Error(`${name} exited during start`);
      } catch (error) {
        throw new Error(`${(error as Error).message}${quoted()}`);
      }
    },
    async stop() {
      if (!child) return null;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {}
      return exited;
    },
    async kill() {
      if (!child) return;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
      await exited;
    },
  };
}

/** Writes the committed HAProxy configuration, with one server line per node, and runs HAProxy on it. */
function startHaproxy(dataRoot: string, port: number, statsPort: number, nodes: TClusterNode[], output: "inherit" | "ignore"): ChildProcess {
  const committed = readFileSync(path.join(ROOT, "deploy/haproxy/haproxy.cfg"), "utf8");
  const serverLines = nodes.map((node, i) => `    server ${node.name} "\${PORTAL_NODE_${i + 1}}" check`).join("\n");
  const config = committed.replace(/(    server node\d+ .*\n)+/, `${serverLines}\n`);
  const file = path.join(dataRoot, "haproxy.cfg");
  writeFileSync(file, config);
  const env: NodeJS.ProcessEnv = { ...process.env, PORTAL_BIND: `127.0.0.1:${port}`, HAPROXY_STATS: `127.0.0.1:${statsPort}` };
  nodes.forEach((node, i) => (env[`PORTAL_NODE_${i + 1}`] = `127.0.0.1:${node.port}`));
  const child = spawn("haproxy", ["-db", "-f", file], { env, stdio: ["ignore", output, output] });
  process.once("exit", () => child.kill("SIGTERM"));
  return child;
}

async function forgetRedisKeys(nodeEnv: Record<string, string>) {
  const redis = new Redis(nodeEnv.REDIS_URL);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${nodeEnv.QUEUE_REDIS_PREFIX}:*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function ensureDatabase(databaseUrl: string) {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error("a cluster needs PostgreSQL: DATABASE_URL=postgresql://…");
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`);
      const body = await response.text();
      if (response.ok) return;
      last = `HTTP ${response.status} ${body.slice(0, 500)}`;
    } catch (error) {
      last = `no answer (${(error as Error).message})`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no healthy answer at ${url}/api/health within ${timeoutMs} ms (the last: ${last})`);
}
