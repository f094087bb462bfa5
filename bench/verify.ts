// `npm run bench:verify`: documents verified per second through POST /api/v1/verify in batches of 50,
// for stamped PDFs of about 100 KB, 1 MB and 5 MB, against a production server (`node server.mjs` on a fresh
// data folder, a VERIFIER token made with `npm run admin -- create-token`), next to references measured
// in the same run on the same bytes: the SHA-256 floor (one core) and `pdfsig` (one process per file).
// Needs a build first: `npm run build` (which also writes the bundled workers).
//   BENCH_PORT=3190 BENCH_SECONDS=6 npm run bench:verify
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { loadOrCreateOwnPki } from "../lib/stamps/signing-identity";
import { createSigner } from "../lib/pdf/pki";
import { stamp } from "../test/unit/verification/fixtures";

const port = Number(process.env.BENCH_PORT ?? 3190);
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const batch = Number(process.env.BENCH_BATCH ?? 50);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "bench-verify-"));
const env = { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: base, NEXT_TELEMETRY_DISABLED: "1", RATE_LIMIT_DISABLED: "1", DATABASE_URL: "" };

/** A PDF of about `target` bytes: text pages plus an incompressible attachment-like stream. */
async function makePdf(target: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i++) doc.addPage().drawText(`Surat lamaran ${i + 1}`, { x: 50, y: 700, size: 18, font });
  const filler = createHash("sha256");
  const chunks: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < target - 20_000; i++) {
    const block = filler.copy().update(String(i)).digest();
    chunks.push(block);
    size += block.length;
  }
  await doc.attach(Buffer.concat(chunks), "lampiran.bin", { mimeType: "application/octet-stream" });
  return doc.save({ useObjectStreams: false });
}

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

function sha256Floor(files: Uint8Array[]): number {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1500) for (const f of files) (createHash("sha256").update(f).digest(), n++);
  return n / ((performance.now() - start) / 1000);
}

function pdfsigRate(path: string): number {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 2000) (spawnSync("pdfsig", [path]), n++);
  return n / ((performance.now() - start) / 1000);
}

async function apiRate(token: string, file: Uint8Array, name: string): Promise<{ rate: number; verdicts: Set<string> }> {
  const form = () => {
    const f = new FormData();
    for (let i = 0; i < batch; i++) f.append("file", new Blob([Buffer.from(file)], { type: "application/pdf" }), `${name}-${i}.pdf`);
    return f;
  };
  const verdicts = new Set<string>();
  // Not timed: one small request first (loads the route, opens a fresh connection; the pool's idle one
  // may have been closed by the server's keep-alive timeout while the test file was being made).
  const warm = new FormData();
  warm.append("file", new Blob([Buffer.from(file)], { type: "application/pdf" }), "warm-up.pdf");
  await (await fetch(`${base}/api/v1/verify`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: warm })).arrayBuffer();
  const start = performance.now();
  let documents = 0;
  // Two requests in flight, as a committee's script would pipeline them.
  const worker = async () => {
    while (performance.now() - start < seconds * 1000) {
      const response = await fetch(`${base}/api/v1/verify`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form() });
      const body = (await response.json()) as { results: { verdict: string }[] };
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
      for (const r of body.results) verdicts.add(r.verdict);
      documents += body.results.length;
    }
  };
  await Promise.all([worker(), worker()]);
  return { rate: documents / ((performance.now() - start) / 1000), verdicts };
}

execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/db/migrate.ts"], { env, stdio: "ignore" });
execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", "create-user", "--email", "bench@verify.local", "--password", "bench-verify-pass", "--role", "VERIFIER"], { env, stdio: "ignore" });
const token = execFileSync("npx", ["tsx", "--conditions=react-server", "scripts/admin.ts", "create-token", "--email", "bench@verify.local", "--name", "bench"], { env, encoding: "utf8" }).trim().split("\n").pop()!;
const identity = loadOrCreateOwnPki(join(dataDir, "keys"));
const signer = createSigner({ keyPem: identity.keyPem, certChainPem: identity.certChainPem });

const server = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
try {
  await waitForServer();
  const rows: string[][] = [];
  for (const [label, size] of [["100 KB", 100_000], ["1 MB", 1_000_000], ["5 MB", 5_000_000]] as const) {
    const stamped = (await stamp(await makePdf(size), signer)).pdf;
    const path = join(dataDir, `bench-${size}.pdf`);
    writeFileSync(path, stamped);
    const { rate, verdicts } = await apiRate(token, stamped, label.replace(" ", ""));
    const floor = sha256Floor([stamped]);
    const pdfsig = pdfsigRate(path);
    rows.push([label, `${(stamped.length / 1e6).toFixed(2)} MB`, rate.toFixed(0), floor.toFixed(0), pdfsig.toFixed(1), (rate / floor).toFixed(3), (rate / pdfsig).toFixed(1), [...verdicts].join("/")]);
  }
  const header = ["size", "actual", `API docs/s (batches of ${batch})`, "SHA-256 floor docs/s (1 core)", "pdfsig docs/s", "API / floor", "API / pdfsig", "verdicts"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
} finally {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
