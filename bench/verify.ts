// `npm run bench:verify`: documents verified per second through POST /api/v1/verify in batches of 50,
// for stamped PDFs of about 100 KB, 1 MB and 5 MB, against a production server (`node server.mjs` on a
// fresh data folder with the demo accounts). Each document is stamped through POST /api/v1/affix first,
// so it is in the registry and the expected verdict is VALID. References measured in the same run on
// the same bytes: the SHA-256 floor (one core), `pdfsig` (one process per file), and the transport floor:
// the same batch bodies, sent the same way, received and hashed by a bare node:http server process.
// Needs a build first: `npm run build` (which also writes the bundled workers).
// Each timed run (BENCH_SECONDS, default 6) follows BENCH_WARMUP_SECONDS (default 40) of the same load, untimed.
//   BENCH_SECONDS=6 BENCH_SIZES=1MB npm run bench:verify [-- --postgres]   (or BENCH_DB=postgresql)
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@/test/helpers/free-port";
import { serverCost, serverCostEnv } from "./lib/server-cost";
import { admin, grantQuota, startPortalServer } from "@/test/helpers/portal-server";
import { closeClient, encodeForm, post } from "./lib/http-client";
import { batchBody, makePdf, rate, startTransportFloor } from "./lib/verify-load";
import { benchDatabase } from "./lib/bench-database";

const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
const floorPort = await freePort();
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
// Untimed load before each timed run, the portal's and the floor's alike (bench:affix warms up too). V8
// compiles the verification path's functions for 30 s or more of load: after 10 s of warm-up its compiler
// threads spent about 115 ms a second in the timed run, and after 25 s still about 40 ms (--trace-opt,
// 1 MB documents, 2026-12-01; 8 functions in the 5 s from 32 to 37 s of load, then about none).
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 40);
const batch = Number(process.env.BENCH_BATCH ?? 50);
// BENCH_SIZES=1MB (comma-separated: 100KB, 1MB, 5MB) measures only those sizes.
const only = process.env.BENCH_SIZES?.split(",").map((s) => s.trim().toUpperCase());

function sha256Floor(files: Uint8Array[]): number {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 1500) for (const f of files) (createHash("sha256").update(f).digest(), n++);
  return n / ((performance.now() - start) / 1000);
}

function pdfsigRate(path: string): number {
  const check = spawnSync("pdfsig", [path], { encoding: "utf8" });
  if (check.error || !/Signature #1/.test(check.stdout)) throw new Error(`pdfsig did not read the stamped file (install poppler-utils): ${check.error?.message ?? check.stderr}`);
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < 2000) (spawnSync("pdfsig", [path]), n++);
  return n / ((performance.now() - start) / 1000);
}

/**
 * The document to verify, stamped through the API. Tried three times, each failure printed: twice a run
 * ended here with the upload cut off (EPIPE, the server closing the connection before the body was sent),
 * which fetch reports without the answer; node:http gives the answer when it arrives before the error.
 */
async function stampForBench(url: string, token: string, form: FormData): Promise<Uint8Array> {
  const { body, contentType } = await encodeForm(form);
  for (let attempt = 1; ; attempt++) {
    const why = await post(`${url}/api/v1/affix`, { authorization: `Bearer ${token}`, "idempotency-key": randomUUID(), "content-type": contentType }, body).then(
      (answer) => (answer.status === 200 ? answer.body : `HTTP ${answer.status} ${answer.body.toString("utf8").slice(0, 300)}`),
      (error: Error) => `${error.message} (${(error as NodeJS.ErrnoException).code ?? "no code"})`,
    );
    if (typeof why !== "string") return new Uint8Array(why);
    console.error(`The setup stamp failed (attempt ${attempt}): ${why}`);
    if (attempt === 3) throw new Error(`affix failed: ${why}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

const database = await benchDatabase();
console.log(`Portal on ${database.kind}.\n`);
const server = await startPortalServer({ port, env: { ...serverCostEnv, ...database.env } });
let floorServer: import("node:child_process").ChildProcess | undefined;
try {
  const verifierToken = admin(server, ["create-token", "--email", "panitia@demo.local", "--name", "bench"]).split("\n").pop()!;
  const applicantToken = admin(server, ["create-token", "--email", "pemohon@demo.local", "--name", "bench"]).split("\n").pop()!;
  grantQuota(server, "pemohon@demo.local", 10);
  floorServer = await startTransportFloor(floorPort);
  const rows: string[][] = [];
  const sizes = ([["100 KB", 100_000], ["1 MB", 1_000_000], ["5 MB", 5_000_000]] as const).filter(([label]) => !only || only.includes(label.replace(" ", "")));
  for (const [label, size] of sizes) {
    // A real stamp, through the API: registered, so an untouched copy verifies VALID.
    const form = new FormData();
    form.append("file", new Blob([(await makePdf(size)) as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "lamaran.pdf");
    form.append("placements", JSON.stringify([{ page: 1, x: 400, y: 40 }]));
    form.append("documentType", "Surat Lamaran");
    form.append("documentNumber", `BENCH-${size}`);
    form.append("documentDate", "2026-09-06");
    const stamped = await stampForBench(server.url, applicantToken, form);
    const path = join(server.dataDir, `bench-${size}.pdf`);
    writeFileSync(path, stamped);

    const { body, contentType } = await batchBody(stamped, label.replace(" ", ""), batch);
    const verdicts = new Set<string>();
    let before = { cpuMs: 0, statements: 0 };
    const measured = await rate(
      `${server.url}/api/v1/verify`,
      { authorization: `Bearer ${verifierToken}`, "content-type": contentType },
      body,
      (text) => {
        const { results } = JSON.parse(text) as { results: { verdict: string }[] };
        for (const r of results) verdicts.add(r.verdict);
        return results.length;
      },
      seconds,
      async () => void (before = await serverCost(server)),
      warmup,
    );
    const after = await serverCost(server);
    const api = measured.perSecond;
    const cpuPerDoc = (after.cpuMs - before.cpuMs) / Math.max(1, measured.documents);
    const statementsPerDoc = (after.statements - before.statements) / Math.max(1, measured.documents);
    const transport = (await rate(`http://127.0.0.1:${floorPort}/`, { "content-type": contentType }, body, () => batch, seconds, undefined, warmup)).perSecond;
    const floor = sha256Floor([stamped]);
    const pdfsig = pdfsigRate(path);
    rows.push([
      label,
      `${(stamped.length / 1e6).toFixed(2)} MB`,
      api.toFixed(0),
      transport.toFixed(0),
      floor.toFixed(0),
      pdfsig.toFixed(1),
      (api / transport).toFixed(2),
      (api / floor).toFixed(3),
      (api / pdfsig).toFixed(1),
      `${cpuPerDoc.toFixed(2)} ms`,
      statementsPerDoc.toFixed(2),
      [...verdicts].join("/"),
    ]);
  }
  const header = [
    "size",
    "actual",
    `API docs/s (batches of ${batch})`,
    "transport floor docs/s (bare node:http + SHA-256)",
    "SHA-256 floor docs/s (1 core)",
    "pdfsig docs/s",
    "API / transport",
    "API / SHA-256",
    "API / pdfsig",
    "server CPU per doc (target ≤ 3 ms)",
    "SQL statements per doc",
    "verdicts",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
} finally {
  // Also when the run fails: two failed runs left their floor servers running.
  floorServer?.kill();
  closeClient();
  await server.stop();
  await database.drop();
}
