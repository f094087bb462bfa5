// Exactly once across a crash: the server process is killed (SIGKILL) while an affix request holds a
// quota reservation; after a restart, the retry with the same Idempotency-Key gets a stamped file and
// the applicant has lost nothing. Uses its own server (on a free port), not the shared e2e server.
import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { admin, grantQuota, startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";
import { corpusPath } from "@/test/helpers/corpus";

const pdf = readFileSync(corpusPath("normal.pdf"));

function affixRequest(url: string, token: string, key: string, signal?: AbortSignal) {
  const form = new FormData();
  form.append("file", new Blob([pdf], { type: "application/pdf" }), "surat.pdf");
  form.append("placements", JSON.stringify([{ page: 1, x: 400, y: 40 }]));
  form.append("documentType", "Surat Pernyataan");
  form.append("documentNumber", "CRASH-1");
  form.append("documentDate", "2026-09-06");
  return fetch(`${url}/api/v1/affix`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Idempotency-Key": key }, body: form, signal });
}

async function quota(server: TPortalServer, token: string): Promise<{ available: number; reserved: number }> {
  const r = await fetch(`${server.url}/api/v1/quota`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return r.json();
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}

function pdfsigValid(bytes: Buffer): string[] {
  const file = path.join(os.tmpdir(), `crash-${process.pid}.pdf`);
  writeFileSync(file, bytes);
  let out = "";
  try {
    out = execFileSync("pdfsig", [file], { encoding: "utf8" });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? "");
  }
  return [...out.matchAll(/Signature Validation: (.+)/g)].map((m) => m[1].trim());
}

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test("a server killed mid-affix loses no quota, and the retry with the same key gets the stamped file", async () => {
  // A short task timeout makes the lease of the interrupted job end quickly (timeout + 10 s).
  let server = await startPortalServer({ env: { AFFIX_FAILPOINT: "afterReserve:8000", PDF_TASK_TIMEOUT_MS: "2000" } });
  const dataDir = server.dataDir;
  try {
    const token = admin(server, ["create-token", "--email", "pemohon@demo.local", "--name", "crash-test"]);
    grantQuota(server, "pemohon@demo.local", 3);
    expect(await quota(server, token)).toEqual({ available: 3, reserved: 0 });

    const key = "crash-retry-key-0001";
    const interrupted = affixRequest(server.url, token, key).then(
      (r) => r.status,
      () => "connection lost",
    );
    // The reservation is in the database and the request is paused inside affixing: kill the server now.
    await waitUntil(async () => (await quota(server, token)).reserved === 1);
    server.kill();
    expect(await interrupted).toBe("connection lost");

    server = await startPortalServer({ port: server.port, dataDir, env: { PDF_TASK_TIMEOUT_MS: "2000" } });
    expect(await quota(server, token)).toEqual({ available: 2, reserved: 1 });

    // The retry waits for the dead process's lease to end (409 + Retry-After), then takes the job over.
    // Like any well-behaved client it also waits when the fresh server sheds load (503 + Retry-After).
    let response: Response | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      response = await affixRequest(server.url, token, key);
      if (response.status !== 409 && response.status !== 503) break;
      const body = await response.json();
      expect(body.error.code).toBe(response.status === 409 ? "AFFIX_IN_PROGRESS" : "OVERLOADED");
      const retryAfter = Number(response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, Math.min(retryAfter, 5) * 1000));
    }
    expect(response!.status).toBe(200);
    const serials = response!.headers.get("x-meterai-serials")!.split(",");
    expect(serials).toHaveLength(1);
    const stamped = Buffer.from(await response!.arrayBuffer());
    expect(stamped.subarray(0, pdf.length).equals(pdf)).toBe(true);
    expect(pdfsigValid(stamped)).toEqual(["Signature is Valid."]);
    expect(await quota(server, token)).toEqual({ available: 2, reserved: 0 });

    // A second retry returns the same file and serial and consumes nothing.
    const again = await affixRequest(server.url, token, key);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-idempotent-replay")).toBe("true");
    expect(again.headers.get("x-meterai-serials")).toBe(serials.join(","));
    expect(Buffer.from(await again.arrayBuffer()).equals(stamped)).toBe(true);
    expect(await quota(server, token)).toEqual({ available: 2, reserved: 0 });
  } finally {
    await server.stop();
  }
});

test("a dropped connection: the server finishes, and the retry returns the same serial without a second unit", async () => {
  const server = await startPortalServer({ env: { AFFIX_FAILPOINT: "afterReserve:1500" } });
  try {
    const token = admin(server, ["create-token", "--email", "pemohon@demo.local", "--name", "drop-test"]);
    grantQuota(server, "pemohon@demo.local", 2);
    const key = "dropped-connection-0001";
    const controller = new AbortController();
    const dropped = affixRequest(server.url, token, key, controller.signal).catch(() => "aborted");
    await waitUntil(async () => (await quota(server, token)).reserved === 1);
    controller.abort(); // the applicant's connection drops while the server is still working
    expect(await dropped).toBe("aborted");
    await waitUntil(async () => (await quota(server, token)).reserved === 0);
    expect(await quota(server, token)).toEqual({ available: 1, reserved: 0 });

    const retry = await affixRequest(server.url, token, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("x-idempotent-replay")).toBe("true");
    expect(pdfsigValid(Buffer.from(await retry.arrayBuffer()))).toEqual(["Signature is Valid."]);
    expect(await quota(server, token)).toEqual({ available: 1, reserved: 0 });
  } finally {
    await server.stop();
  }
});
