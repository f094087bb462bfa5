// Issue 13, bad input and faults: a node started with a wrong identity, an unreachable object store or
// an unreachable Redis says which, in one line, and does not start (no half a portal).
import { expect, test } from "@playwright/test";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePortRange } from "./cluster-client";

test.setTimeout(240_000);

/** Starts `node server.mjs` and waits for it to exit; its exit code and the lines it wrote to stderr. */
async function startExpectingRefusal(env: Record<string, string>): Promise<{ code: number | null; refusal: string[] }> {
  const port = await freePortRange(1);
  const child = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], { env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 90_000);
    child.once("exit", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, refusal: stderr.split("\n").filter((line) => line.includes("refusing to start")) };
}

test("a node with a wrong passphrase, an unreachable object store or an unreachable Redis refuses to start with one line saying which", async () => {
  const name = `emeterai_refusal_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = postgresDatabaseUrl(name);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "emeterai-refusal-"));
  await postgresAdmin(`CREATE DATABASE "${name}"`);
  try {
    const base = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SIGNING_KEY_PASSPHRASE: "the-cluster-passphrase" };
    // The first node's identity, registered under the cluster's passphrase.
    execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/db/migrate.ts"], { env: { ...process.env, ...base } });
    execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/integration/cluster/node-process.ts", "identity"], { env: { ...process.env, ...base } });

    const wrongPassphrase = await startExpectingRefusal({ ...base, SIGNING_KEY_PASSPHRASE: "another-passphrase-entirely" });
    expect(wrongPassphrase.code).toBe(1);
    expect(wrongPassphrase.refusal).toHaveLength(1);
    expect(wrongPassphrase.refusal[0]).toContain("SIGNING_KEY_PASSPHRASE does not decrypt");

    const closedPort = await freePortRange(1);
    const noObjectStore = await startExpectingRefusal({ ...base, FILE_STORE: "s3", S3_ENDPOINT: `http://127.0.0.1:${closedPort}`, S3_BUCKET: "emeterai-files", S3_ACCESS_KEY_ID: "x", S3_SECRET_ACCESS_KEY: "y" });
    expect(noObjectStore.code).toBe(1);
    expect(noObjectStore.refusal).toHaveLength(1);
    expect(noObjectStore.refusal[0]).toContain("the object store (FILE_STORE=s3) is not usable");

    const noRedis = await startExpectingRefusal({ ...base, REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    expect(noRedis.code).toBe(1);
    expect(noRedis.refusal).toHaveLength(1);
    expect(noRedis.refusal[0]).toContain(`Redis at 127.0.0.1:${closedPort} (REDIS_URL) cannot be reached`);
  } finally {
    await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
