/**
 * npm run bench:hostile — what each hostile request of issue 17 costs a running server, next to the same
 * request with a valid file (or a valid body of ordinary size), measured in the same run against one
 * production server (`npm run build` first). Per case: the answer, the median time to answer, the
 * server's CPU time (user + system, from /proc, worker threads included) and its peak RSS growth while
 * the request ran. BENCH_RUNS (default 3) runs per row.
 */
import { randomUUID } from "node:crypto";
import { corpusFile } from "@/test/helpers/corpus";
import { doubleFlateObjectStream, hugeSignatureContents, hybridXrefBomb, indexBomb } from "@/test/helpers/hostile-pdfs";
import { affixFields, multipartBody, rawRequest } from "@/test/helpers/hostile-requests";
import { serverUsage } from "@/test/helpers/process-usage";
import { admin, grantQuota, startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";
import { zipOf } from "@/test/unit/verification/fixtures";
import { median } from "./lib/stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

type TCall = () => Promise<{ status: number }>;
type TMeasure = { status: string; ms: number; cpuMs: number; rssMb: number };

async function measure(server: TPortalServer, call: TCall): Promise<TMeasure> {
  const statuses: number[] = [];
  const times: number[] = [];
  const cpus: number[] = [];
  let peakRss = 0;
  for (let i = 0; i < RUNS; i++) {
    const before = serverUsage(server.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, serverUsage(server.pid).rssMb - before.rssMb)), 20);
    const started = performance.now();
    const { status } = await call();
    times.push(performance.now() - started);
    clearInterval(sampler);
    // Work the answer left behind (a worker finishing, a socket closing) counts too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = serverUsage(server.pid);
    cpus.push(after.cpuMs - before.cpuMs);
    peakRss = Math.max(peakRss, after.rssMb - before.rssMb);
    statuses.push(status);
  }
  return { status: [...new Set(statuses)].join("/"), ms: median(times), cpuMs: median(cpus), rssMb: peakRss };
}

const post = (server: TPortalServer, path: string, headers: Record<string, string>, body: Uint8Array<ArrayBuffer> | string) => () =>
  fetch(`${server.url}${path}`, { method: "POST", headers, body }).then(async (r) => (await r.arrayBuffer(), { status: r.status }));

function upload(server: TPortalServer, path: string, file: Buffer | Uint8Array, token?: string, fields: Record<string, string> = {}, name = "dokumen.pdf"): TCall {
  const { body, contentType } = multipartBody(Buffer.from(file), fields, name);
  return () => post(server, path, { "content-type": contentType, "idempotency-key": randomUUID(), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body)();
}

const server = await startPortalServer();
try {
  const applicant = admin(server, ["create-token", "--email", "pemohon@demo.local", "--name", "bench"]);
  const committee = admin(server, ["create-token", "--email", "panitia@demo.local", "--name", "bench"]);
  grantQuota(server, "pemohon@demo.local", 10);
  const normal = corpusFile("normal.pdf");
  const zeros = zipOf(Array.from({ length: 1000 }, (_, i) => ({ name: `zeros-${i}.pdf`, bytes: new Uint8Array(1024 * 1024), deflate: true })));
  const tenPdfs = zipOf(Array.from({ length: 10 }, (_, i) => ({ name: `surat-${i}.pdf`, bytes: normal })));
  const cases: { attack: string; call: TCall; valid: string; validCall: TCall }[] = [
    { attack: "80 KB file, 100 xref sections → one 63 MiB stream (verify/public)", call: upload(server, "/api/v1/verify/public", await hybridXrefBomb()), valid: "normal.pdf", validCall: upload(server, "/api/v1/verify/public", normal) },
    { attack: "xref /Index claiming 2 billion entries (preflight)", call: upload(server, "/api/v1/affix/preflight", indexBomb(), applicant), valid: "normal.pdf", validCall: upload(server, "/api/v1/affix/preflight", normal, applicant) },
    { attack: "object stream compressed twice, 512 MiB inflated (preflight)", call: upload(server, "/api/v1/affix/preflight", await doubleFlateObjectStream(), applicant), valid: "normal.pdf", validCall: upload(server, "/api/v1/affix/preflight", normal, applicant) },
    { attack: "signature with a 9 MiB /Contents (verify)", call: upload(server, "/api/v1/verify", hugeSignatureContents(), committee), valid: "normal.pdf", validCall: upload(server, "/api/v1/verify", normal, committee) },
    { attack: `${(zeros.byteLength / 1e6).toFixed(1)} MB ZIP, 1,000 entries of 1 MiB zeros (verify)`, call: upload(server, "/api/v1/verify", zeros, committee, {}, "bundle.zip"), valid: "ZIP of 10 × normal.pdf", validCall: upload(server, "/api/v1/verify", tenPdfs, committee, {}, "bundle.zip") },
    {
      attack: "24 MiB of `a&` posted to /locale",
      call: () => rawRequest(server.url, { method: "POST", path: "/locale", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(24 * 1024 * 1024) }, body: Buffer.from("a&".repeat(12 * 1024 * 1024)) }),
      valid: "lang=en form",
      validCall: () => rawRequest(server.url, { method: "POST", path: "/locale", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "16", connection: "close" }, body: Buffer.from("lang=en&back=%2F") }),
    },
    {
      attack: "payment webhook announcing 300 MB",
      call: () => rawRequest(server.url, { method: "POST", path: "/api/v1/payments/notifications/simulator", headers: { "content-type": "application/json", "content-length": String(300 * 1024 * 1024) }, body: Buffer.alloc(8 * 1024 * 1024, 0x20) }),
      valid: "a 200-byte notification (unsigned: refused)",
      validCall: post(server, "/api/v1/payments/notifications/simulator", { "content-type": "application/json" }, JSON.stringify({ order_id: "x".repeat(25), transaction_status: "settlement", gross_amount: "10000.00", signature_key: "0".repeat(128) })),
    },
    {
      attack: "affix upload announcing 1 MB, sending 15 bytes",
      call: () => {
        const { body, contentType } = multipartBody(Buffer.alloc(1024 * 1024, 0x20), affixFields);
        return rawRequest(server.url, { method: "POST", path: "/api/v1/affix", headers: { authorization: `Bearer ${applicant}`, "idempotency-key": randomUUID(), "content-type": contentType, "content-length": String(body.length) }, body: body.subarray(0, 15), trickle: { bytes: 15, everyMs: 60_000 }, timeoutMs: 60_000 });
      },
      valid: "affix of normal.pdf",
      validCall: upload(server, "/api/v1/affix", normal, applicant, affixFields),
    },
  ];
  // Warm-up: modules, workers, the signing key.
  await upload(server, "/api/v1/affix", normal, applicant, affixFields)();
  await upload(server, "/api/v1/verify", normal, committee)();

  console.log(`\nbench/hostile: one production server, ${RUNS} runs per row (medians; RSS: peak growth while the request ran).\n`);
  console.log("| attack | answer | time | server CPU | RSS growth | valid request | answer | time | server CPU | CPU ratio |");
  console.log("|---|---|---:|---:|---:|---|---|---:|---:|---:|");
  for (const c of cases) {
    const attack = await measure(server, c.call);
    const valid = await measure(server, c.validCall);
    const ratio = valid.cpuMs > 0 ? (attack.cpuMs / valid.cpuMs).toFixed(1) : "–";
    console.log(`| ${c.attack} | ${attack.status} | ${attack.ms.toFixed(0)} ms | ${attack.cpuMs} ms | ${attack.rssMb.toFixed(0)} MB | ${c.valid} | ${valid.status} | ${valid.ms.toFixed(0)} ms | ${valid.cpuMs} ms | ${ratio}× |`);
  }
  console.log("\nCPU from /proc in 10 ms ticks. Targets (issue 17): every attack answered clearly, in seconds, within the per-request memory budget.");
} finally {
  await server.stop();
}
