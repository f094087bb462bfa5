// An applicant's program talking to the portal's HTTP API, for the cluster tests: buy (order + pay
// through the simulator), affix, download, verify. Every call is recorded, so a test can count what
// failed and retry it with the same Idempotency-Key.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { freePort } from "@/test/helpers/free-port";
import type { TCluster } from "../scripts/cluster/start-cluster";

export type TCall = { op: "order" | "pay" | "affix" | "download" | "verify"; key: string; base: string; status: number | "network"; at: number; detail?: string };

export async function onePagePdf(text: string) {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/**
 * `count` consecutive free ports on 127.0.0.1, below the kernel's ephemeral range. A cluster migrates and
 * seeds before its nodes listen; ports the OS hands out (port 0) are in that range, and an outgoing
 * connection meanwhile could take one of them (`listen EADDRINUSE` in a CI run).
 */
export async function freePortRange(count: number): Promise<number> {
  const low = 10_000;
  const high = ephemeralRangeStart() - count;
  for (let attempt = 0; attempt < 50; attempt++) {
    // A machine whose ephemeral range starts low (some containers: 1024) leaves no room below it: there
    // the OS's own choice is the start.
    const base = high - low >= 1_000 ? low + Math.floor(Math.random() * (high - low)) : await freePort();
    if (base + count > 65_000) continue;
    const free = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error("no free port range");
}

function ephemeralRangeStart() {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = createServer().once("error", () => resolve(false)).listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** Registers `count` applicants in the cluster's database, each with an API token. */
export function makeAccounts(cluster: TCluster, count: number, prefix: string): { email: string; token: string }[] {
  const out = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/helpers/make-accounts-cli.ts", String(count), prefix], {
    env: { ...process.env, ...cluster.nodeEnv, DATA_DIR: "/tmp/emeterai-cluster-cli" },
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

type TAnswer = { ok: boolean; status: number; headers: Headers; body: Uint8Array };
const json = <T>(answer: TAnswer) => JSON.parse(Buffer.from(answer.body).toString("utf8")) as T;

export class ApplicantClient {
  readonly calls: TCall[] = [];
  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  /** Sends one request and reads its whole body inside the same guard: a node killed after the
   * headers but before the end of the body is a network failure of this call, like one killed before. */
  private async call(op: TCall["op"], key: string, base: string, request: () => Promise<Response>): Promise<TAnswer | null> {
    try {
      const response = await request();
      const body = new Uint8Array(await response.arrayBuffer());
      this.calls.push({ op, key, base, status: response.status, at: Date.now(), detail: response.ok ? undefined : Buffer.from(body).toString("utf8").slice(0, 200) });
      return { ok: response.ok, status: response.status, headers: response.headers, body };
    } catch (error) {
      this.calls.push({ op, key, base, status: "network", at: Date.now(), detail: (error as Error).message });
      return null;
    }
  }

  private auth(extra: Record<string, string> = {}) {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }

  async order(key: string, quantity = 1, base = this.base): Promise<string | null> {
    const response = await this.call("order", key, base, () => fetch(`${base}/api/v1/orders`, { method: "POST", headers: this.auth({ "idempotency-key": key, "content-type": "application/json" }), body: JSON.stringify({ quantity }) }));
    return response?.ok ? json<{ id: string }>(response).id : null;
  }

  async pay(orderId: string, base = this.base): Promise<boolean> {
    const response = await this.call("pay", orderId, base, () => fetch(`${base}/api/v1/payments/simulator/${orderId}/pay`, { method: "POST", headers: this.auth() }));
    return Boolean(response?.ok);
  }

  async affix(pdf: Uint8Array, key: string, base = this.base): Promise<{ jobId: string; serials: string[]; bytes: Uint8Array; replayed: boolean } | null> {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "surat.pdf");
    form.set("placements", JSON.stringify([{ page: 1, x: 400, y: 40 }]));
    form.set("documentType", "Surat Pernyataan");
    form.set("documentNumber", key.slice(0, 40));
    form.set("documentDate", "2026-09-06");
    const response = await this.call("affix", key, base, () => fetch(`${base}/api/v1/affix`, { method: "POST", headers: this.auth({ "idempotency-key": key }), body: form }));
    if (!response?.ok) return null;
    return { jobId: response.headers.get("x-meterai-job")!, serials: (response.headers.get("x-meterai-serials") ?? "").split(",").filter(Boolean), bytes: response.body, replayed: response.headers.get("x-idempotent-replay") === "true" };
  }

  async download(jobId: string, base = this.base): Promise<Uint8Array | null> {
    const response = await this.call("download", jobId, base, () => fetch(`${base}/affix/files/${jobId}`, { headers: this.auth() }));
    return response?.ok ? response.body : null;
  }

  async verify(bytes: Uint8Array, key: string, base = this.base): Promise<string | null> {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "surat.pdf");
    const response = await this.call("verify", key, base, () => fetch(`${base}/api/v1/verify/public`, { method: "POST", body: form }));
    if (!response?.ok) return null;
    return json<{ result: { verdict: string } }>(response).result.verdict;
  }

  failed(): TCall[] {
    return this.calls.filter((c) => c.status === "network" || c.status >= 400);
  }
}

export const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) => Boolean(a && b && a.length === b.length && Buffer.from(a).equals(Buffer.from(b)));
