// `npm run bench:verify-browser`: documents verified per second in the committee's browser (Chromium
// through Playwright, the Debian /usr/bin/chromium the e2e tests use) on /verify/bulk, for batches of
// stamped 1 MB PDFs picked as files: from the click to the last verdict, workers, registry lookup and
// all, as the page itself times it. Next to it, measured in the same run on the same bytes:
//  - the server path: POST /api/v1/verify in batches of 50, two in flight (as bench:verify measures it);
//  - the transport floor: the same batch bodies received and hashed by a bare node:http server (the
//    least any upload-based verification can cost);
//  - the browser's read floor: the same files read and SHA-256 hashed once in the same page (WebCrypto), on the
//    page's thread, and again spread over as many Web Workers as the engine uses (the fair comparison: the
//    engine's workers use every core; it hashes about three times the file, its ranges and revisions, too).
// Each figure is the median of BENCH_RUNS (3) runs. Target: ≥ 200 docs/s in the browser, and never
// slower than the server path. Needs a build first: `npm run build` (which also writes the worker).
//   BENCH_BROWSER_DOCS=200 BENCH_SECONDS=6 BENCH_RUNS=3 npm run bench:verify-browser
// BENCH_TRACE=FILE also records a Chromium trace of the timed browser runs (V8's sampling CPU profiler on
// the page and every worker) and BENCH_SAVE=DIR keeps the stamped PDF and the certificate chain for
// profiling without a server; `node bench/lib/trace-profile.mjs FILE` says where the time went per thread.
import { chromium, type Browser } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@/test/helpers/free-port";
import { admin, grantQuota, startPortalServer } from "@/test/helpers/portal-server";
import { closeClient } from "./lib/http-client";
import { serverCostEnv } from "./lib/server-cost";
import { median } from "./lib/stats";
import { batchBody, makePdf, rate, startTransportFloor } from "./lib/verify-load";

const docs = Number(process.env.BENCH_BROWSER_DOCS ?? 200);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
const batch = 50;
const size = 1_000_000;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"];

const server = await startPortalServer({ port: await freePort(), env: serverCostEnv });
const floorPort = await freePort();
const work = mkdtempSync(join(tmpdir(), "bench-verify-browser-"));
let browser: Browser | undefined;
try {
  const verifierToken = admin(server, ["create-token", "--email", "panitia@demo.local", "--name", "bench"]).split("\n").pop()!;
  const applicantToken = admin(server, ["create-token", "--email", "pemohon@demo.local", "--name", "bench"]).split("\n").pop()!;
  grantQuota(server, "pemohon@demo.local", 5);

  // A real stamp through the API: registered, so every copy verifies VALID on both paths.
  const form = new FormData();
  form.append("file", new Blob([(await makePdf(size)) as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "lamaran.pdf");
  form.append("placements", JSON.stringify([{ page: 1, x: 400, y: 40 }]));
  form.append("documentType", "Surat Lamaran");
  form.append("documentNumber", "BENCH-BROWSER");
  form.append("documentDate", "2026-09-06");
  const affixed = await fetch(`${server.url}/api/v1/affix`, { method: "POST", headers: { authorization: `Bearer ${applicantToken}`, "idempotency-key": randomUUID() }, body: form });
  if (!affixed.ok) throw new Error(`affix failed: HTTP ${affixed.status} ${await affixed.text()}`);
  // Started once the document is stamped: a browser starting up beside the affixing slows the server's start-up work.
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const stamped = new Uint8Array(await affixed.arrayBuffer());
  const paths = Array.from({ length: docs }, (_, i) => join(work, `pelamar-${i + 1}.pdf`));
  for (const path of paths) writeFileSync(path, stamped);
  if (process.env.BENCH_SAVE) {
    mkdirSync(process.env.BENCH_SAVE, { recursive: true });
    writeFileSync(join(process.env.BENCH_SAVE, "stamped.pdf"), stamped);
    writeFileSync(join(process.env.BENCH_SAVE, "certificate.pem"), await (await fetch(`${server.url}/.well-known/meterai/certificate.pem`)).text());
  }

  // The browser: a committee member signed in on /verify/bulk.
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill("panitia@demo.local");
  await page.getByLabel("Kata sandi").fill("panitia-demo-123");
  await page.getByRole("button", { name: "Masuk" }).last().click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

  const browserRates: number[] = [];
  const readFloors: number[] = [];
  const workerReadFloors: number[] = [];
  const verdicts = new Set<string>();
  const trace = process.env.BENCH_TRACE;
  for (let run = 0; run < runs + 1; run++) {
    await page.goto("/verify/bulk");
    if (trace && run === 1) await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler", "blink.user_timing", "toplevel"] });
    await page.getByLabel("Dokumen PDF atau arsip ZIP").setInputFiles(paths);
    await page.getByRole("button", { name: "Verifikasi di komputer ini" }).click();
    const progress = page.getByTestId("local-progress");
    // Polled every 100 ms, not at every animation frame: a check per frame kept the page rendering 60 frames a
    // second beside the workers, which no committee's browser does (the page itself redraws the bar every 100 ms).
    await page.waitForFunction(() => document.querySelector('[data-testid="local-progress"]')?.getAttribute("data-phase") !== "running" && document.querySelector('[data-testid="local-progress"]')?.getAttribute("data-phase") !== "idle", undefined, { timeout: 300_000, polling: 100 });
    if ((await progress.getAttribute("data-phase")) !== "done") throw new Error(`the browser batch ended as: ${await progress.innerText()}`);
    const elapsedMs = Number(await progress.getAttribute("data-elapsed-ms"));
    for (const v of await page.locator("[data-verdict-count]").evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute("data-verdict-count")}:${n.querySelector("strong")?.textContent}`))) verdicts.add(v);
    // The same files read and hashed once in this page: what the browser path cannot go below.
    const readMs = await page.evaluate(async () => {
      const files = [...((document.getElementById("local-files") as HTMLInputElement).files ?? [])];
      const start = performance.now();
      // As many at once as the engine has workers.
      const lanes = Math.min(8, navigator.hardwareConcurrency || 2);
      let next = 0;
      await Promise.all(Array.from({ length: lanes }, async () => {
        while (next < files.length) await crypto.subtle.digest("SHA-256", await files[next++].arrayBuffer());
      }));
      return performance.now() - start;
    });
    // The same again in as many Web Workers as the engine runs, each reading and hashing its share: Chromium
    // hashes on the thread that calls digest(), so the page's floor above runs on one core however many reads
    // it has in flight, while the engine's workers use them all.
    const workerReadMs = await page.evaluate(async () => {
      const files = [...((document.getElementById("local-files") as HTMLInputElement).files ?? [])];
      const lanes = Math.min(8, navigator.hardwareConcurrency || 2);
      const code = "onmessage = async (e) => { for (const f of e.data) await crypto.subtle.digest('SHA-256', await f.arrayBuffer()); postMessage(0); };";
      const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
      const workers = Array.from({ length: lanes }, () => new Worker(url));
      // (No named functions in here: tsx would wrap them in a helper the page does not have.)
      let start = 0;
      for (const started of [false, true]) {
        if (started) start = performance.now(); // workers started before the clock, unlike the engine's
        await Promise.all(workers.map((worker, i) => new Promise((done) => {
          worker.onmessage = done;
          worker.postMessage(started ? files.filter((_, j) => j % lanes === i) : []);
        })));
      }
      const ms = performance.now() - start;
      for (const worker of workers) worker.terminate();
      URL.revokeObjectURL(url);
      return ms;
    });
    if (run === 0) continue; // warm-up: the page's code, the worker script and the certificate are cached after it
    browserRates.push(docs / (elapsedMs / 1000));
    readFloors.push(docs / (readMs / 1000));
    workerReadFloors.push(docs / (workerReadMs / 1000));
  }
  if (trace) writeFileSync(trace, await browser.stopTracing());
  await context.close();

  // The server path and the transport floor, on the same bytes, runs interleaved the same way.
  const { body, contentType } = await batchBody(stamped, "1MB", batch);
  const floorServer = await startTransportFloor(floorPort);
  const serverRates: number[] = [];
  const transportRates: number[] = [];
  for (let run = 0; run < runs; run++) {
    serverRates.push(
      (await rate(`${server.url}/api/v1/verify`, { authorization: `Bearer ${verifierToken}`, "content-type": contentType }, body, (text) => {
        const { results } = JSON.parse(text) as { results: { verdict: string }[] };
        if (results.some((r) => r.verdict !== "VALID")) throw new Error(`the server path answered ${results.map((r) => r.verdict).join(",")}`);
        return results.length;
      }, seconds)).perSecond,
    );
    transportRates.push((await rate(`http://127.0.0.1:${floorPort}/`, { "content-type": contentType }, body, () => batch, seconds)).perSecond);
  }
  floorServer.kill();

  const b = median(browserRates);
  const s = median(serverRates);
  const t = median(transportRates);
  const r = median(readFloors);
  const w = median(workerReadFloors);
  const fmt = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
  const header = ["size", `browser docs/s (${docs} files)`, `server API docs/s (batches of ${batch})`, "transport floor docs/s", "browser read+SHA-256 floor docs/s", "same in workers docs/s", "browser / server", "browser / transport", "browser / read floor", "browser verdicts"];
  const row = [`${(stamped.length / 1e6).toFixed(2)} MB`, b.toFixed(0), s.toFixed(0), t.toFixed(0), r.toFixed(0), w.toFixed(0), (b / s).toFixed(2), (b / t).toFixed(2), (b / r).toFixed(2), [...verdicts].join(" ")];
  const widths = header.map((h, i) => Math.max(h.length, row[i].length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), line(row)].join("\n"));
  console.log(`medians of ${runs} runs; runs: browser ${fmt(browserRates)} · server ${fmt(serverRates)} · transport ${fmt(transportRates)} · read floor ${fmt(readFloors)} · in workers ${fmt(workerReadFloors)}`);
  console.log(`target: browser ≥ 200 docs/s (${b >= 200 ? "met" : "NOT met"}), never slower than the server path (${b >= s ? "met" : "NOT met"})`);
} finally {
  await browser?.close();
  closeClient();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
