// Issue 21: a committee verifies in bulk in its own browser. The documents are stamped by the portal's own
// affixing code against the running server's database and keys; the page reads them, checks their
// signatures in Web Workers and asks the registry only about serials and hashes.
//  - files, a folder and a ZIP (unpacked on the computer, a hostile entry refused with its reason);
//  - live counts, a serial in two files flagged, CSV/JSON with the server export's columns;
//  - privacy: 100 documents verified while every request is recorded: under 1 KB sent per document,
//    and no request body holds any 64-byte run of any document.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demo, signIn } from "./helpers";
import { corpus, flipByteInSignedRange, zipOf } from "@/test/unit/verification/fixtures";
import { readSignatures } from "@/lib/pdf/read-signatures";
import { resultsToCsv } from "@/lib/verification/export-results";

/** COUNT different documents of about SIZE bytes, stamped by the portal; their paths and serials. */
function stampMany(count: number, size = 40_000) {
  const dir = mkdtempSync(join(tmpdir(), "e2e-bulk-browser-"));
  const out = join(dir, "lamaran");
  mkdirSync(out);
  const serials = execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/stamp-many-for-e2e.ts", process.env.E2E_DATA_DIR!, out, String(count), String(size)], { encoding: "utf8" }).trim().split("\n").slice(-count);
  const files = Array.from({ length: count }, (_, i) => join(out, `pelamar-${i + 1}.pdf`));
  return { dir, out, files, serials };
}

type TRecorded = { url: string; method: string; body: Buffer; headerBytes: number };

/** Every request of the context (pages and their workers), with its body and the size of its headers. */
function recordRequests(context: BrowserContext): Promise<TRecorded>[] {
  const recorded: Promise<TRecorded>[] = [];
  context.on("request", (request) => {
    const entry = (headers: Record<string, string>) => ({
      url: request.url(),
      method: request.method(),
      body: request.postDataBuffer() ?? Buffer.alloc(0),
      headerBytes: Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0),
    });
    // A request made as the context closes (the last reload) can no longer give its full headers: it is
    // recorded with the headers it was sent with as far as the browser told, instead of failing the test
    // with a rejection nobody waits for (a CI run).
    recorded.push(request.allHeaders().then(entry, () => entry(request.headers())));
  });
  return recorded;
}

const WINDOW = 64;
const BASE = 257;
/** BASE^(WINDOW-1) mod 2^32, to take the leaving byte out of a rolling hash. */
const LEAVING = Array.from({ length: WINDOW - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/** Calls `each(hash, start)` for every WINDOW-byte window of `bytes` (a rolling polynomial hash, mod 2^32). */
function windows(bytes: Uint8Array, each: (hash: number, start: number) => void) {
  if (bytes.length < WINDOW) return;
  let hash = 0;
  for (let i = 0; i < WINDOW; i++) hash = (Math.imul(hash, BASE) + bytes[i]) | 0;
  each(hash >>> 0, 0);
  for (let i = WINDOW; i < bytes.length; i++) {
    hash = (Math.imul((hash - Math.imul(bytes[i - WINDOW], LEAVING)) | 0, BASE) + bytes[i]) | 0;
    each(hash >>> 0, i - WINDOW + 1);
  }
}

/**
 * The first 64-byte run of any document found in any body, or null. Every window of the bodies (small)
 * is indexed by its hash; every window of the documents is looked up, and a hit compared byte for byte.
 */
function sharedRun(documents: Uint8Array[], bodies: Uint8Array[]): string | null {
  const index = new Map<number, [number, number][]>();
  bodies.forEach((body, b) => windows(body, (hash, start) => index.set(hash, [...(index.get(hash) ?? []), [b, start]])));
  for (const [d, doc] of documents.entries()) {
    let found: string | null = null;
    windows(doc, (hash, start) => {
      if (found) return;
      for (const [b, at] of index.get(hash) ?? []) {
        if (Buffer.compare(doc.subarray(start, start + WINDOW), bodies[b].subarray(at, at + WINDOW)) === 0) found = `document ${d} at ${start} is in request body ${b} at ${at}`;
      }
    });
    if (found) return found;
  }
  return null;
}

/** RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(cell), (cell = ""));
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ""), i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

async function waitDone(page: Page, total: number, timeout = 120_000) {
  const progress = page.getByTestId("local-progress");
  await expect(progress).toHaveAttribute("data-phase", "done", { timeout });
  await expect(progress).toHaveAttribute("data-done", String(total));
  return progress;
}

test("a verifier verifies files and a ZIP on this computer: live counts, a serial in two files flagged, a hostile ZIP refused, exports with the server's columns", async ({ browser }) => {
  test.setTimeout(180_000);
  const { dir, files, serials } = stampMany(2);
  const [first, second] = files.map((f) => new Uint8Array(readFileSync(f)));
  const tampered = flipByteInSignedRange(second, readSignatures(second).signatures[0].byteRange);
  const zip = zipOf([
    { name: "ubah.pdf", bytes: tampered },
    { name: "polos.pdf", bytes: corpus("normal.pdf") },
    { name: "../kabur.pdf", bytes: first },
    { name: "bom.pdf", bytes: new Uint8Array(50 * 1024 * 1024), deflate: true },
  ]);
  writeFileSync(join(dir, "lamaran.zip"), zip);
  writeFileSync(join(dir, "salinan-pelamar-1.pdf"), first);

  // A phone-sized screen: the committee may well check from one.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const recorded = recordRequests(context);
  await signIn(page, demo.verifier);
  await page.goto("/verify/bulk");
  await expect(page.getByTestId("files-stay-here")).toContainText("Berkas tetap di komputer ini");
  await page.getByLabel("Dokumen PDF atau arsip ZIP").setInputFiles([files[0], join(dir, "salinan-pelamar-1.pdf"), join(dir, "lamaran.zip")]);
  // Keyboard only: the button is reached and pressed without the mouse.
  const start = page.getByRole("button", { name: "Verifikasi di komputer ini" });
  await expect(start).toBeEnabled(); // once the page knows this browser can verify
  await start.focus();
  await page.keyboard.press("Enter");
  await waitDone(page, 6);
  await expect(page.locator('[data-verdict-count="VALID"]')).toContainText("2");
  await expect(page.locator('[data-verdict-count="UNREADABLE"]')).toContainText("2");
  await expect(page.getByTestId("same-serial")).toContainText(serials[0]);
  await expect(page.getByTestId("same-serial-row")).toHaveCount(2);
  await expect(page.getByTestId("zip-refused")).toContainText("bom ZIP");

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Unduh CSV" }).click();
  const csv = readFileSync(await (await csvDownload).path(), "utf8").replace(/^\uFEFF/, "");
  const [header, ...records] = parseCsv(csv);
  // The server export's columns (the same function writes both).
  expect(header).toEqual(parseCsv(resultsToCsv([], "id").replace(/^\uFEFF/, ""))[0]);
  expect(records).toHaveLength(6);
  const row = (file: string) => Object.fromEntries(header.map((h, i) => [h, records.find((cells) => cells[0] === file)?.[i]]));
  expect(row("pelamar-1.pdf")).toMatchObject({ verdict: "VALID", reason_code: "VALID", serials: serials[0], registry_consulted: "yes", serials_in_other_files: serials[0] });
  expect(row("salinan-pelamar-1.pdf")).toMatchObject({ verdict: "VALID", serials_in_other_files: serials[0] });
  expect(row("lamaran.zip/ubah.pdf")).toMatchObject({ verdict: "TAMPERED", reason_code: "DIGEST_MISMATCH", serials_in_other_files: "" });
  expect(row("lamaran.zip/polos.pdf")).toMatchObject({ verdict: "NOT_STAMPED" });
  expect(row("lamaran.zip/../kabur.pdf")).toMatchObject({ verdict: "UNREADABLE", reason_code: "ZIP_PATH_TRAVERSAL" });
  expect(row("lamaran.zip/bom.pdf")).toMatchObject({ verdict: "UNREADABLE", reason_code: "ZIP_BOMB_RATIO" });

  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Unduh JSON" }).click();
  const json = JSON.parse(readFileSync(await (await jsonDownload).path(), "utf8"));
  expect(json.batch).toMatchObject({ source: "BROWSER", fileCount: 6, summary: { VALID: 2, TAMPERED: 1, NOT_STAMPED: 1, UNREADABLE: 2 } });
  expect(json.results).toHaveLength(6);
  expect(json.serialsInSeveralFiles[serials[0]].sort()).toEqual(["pelamar-1.pdf", "salinan-pelamar-1.pdf"]);

  // Filtering by verdict.
  await page.getByLabel("Saring menurut hasil").selectOption("TAMPERED");
  await expect(page.getByTestId("local-results").locator("tbody tr")).toHaveCount(1);

  // No serious accessibility problem on the results, at phone size.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // Nothing was uploaded: no request to the verification API, the registry asked instead.
  const requests = await Promise.all(recorded);
  expect(requests.filter((r) => r.url.includes("/api/v1/verify"))).toEqual([]);
  expect(requests.some((r) => r.url.endsWith("/api/v1/stamps/lookup"))).toBe(true);

  // English is available.
  await context.addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.reload();
  await expect(page.getByTestId("files-stay-here")).toContainText("The files stay on this computer");
  await context.close();
});

test("privacy: 100 documents verified from a folder send under 1 KB each, and no request body holds a 64-byte run of any document", async ({ browser }) => {
  test.setTimeout(300_000);
  const count = 100;
  const { out, serials } = stampMany(count);
  const documents = readdirSync(out).map((f) => new Uint8Array(readFileSync(join(out, f))));
  expect(documents).toHaveLength(count);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demo.verifier);
  const recorded = recordRequests(context);
  await page.goto("/verify/bulk");
  await page.getByLabel("Atau satu folder berisi PDF").setInputFiles(out);
  await page.getByRole("button", { name: "Verifikasi di komputer ini" }).click();
  await waitDone(page, count);
  await expect(page.locator('[data-verdict-count="VALID"]')).toContainText(String(count));
  const requests = await Promise.all(recorded);
  await context.close();

  const lookups = requests.filter((r) => r.url.endsWith("/api/v1/stamps/lookup"));
  expect(lookups.length).toBeGreaterThan(0);
  const asked = new Set(lookups.flatMap((r) => (JSON.parse(r.body.toString("utf8")).stamps as { serial: string }[]).map((s) => s.serial)));
  expect(serials.every((s) => asked.has(s))).toBe(true);

  const sent = requests.reduce((sum, r) => sum + r.body.length + r.url.length + r.method.length + r.headerBytes, 0);
  console.log(`${requests.length} requests, ${sent} bytes sent for ${count} documents (${(sent / count).toFixed(0)} bytes each)`);
  expect(sent / count).toBeLessThan(1024);

  const bodies = requests.map((r) => new Uint8Array(r.body)).filter((b) => b.length > 0);
  // The detector itself finds a run that is there (a body carrying 64 bytes of a document).
  expect(sharedRun(documents, [...bodies, documents[37].subarray(20_000, 20_000 + WINDOW)])).not.toBeNull();
  expect(sharedRun(documents, bodies)).toBeNull();
});

test("a browser that cannot verify on its own is told so and gets the server upload, which still works", async ({ browser }) => {
  const context = await browser.newContext();
  // A browser without Web Workers.
  await context.addInitScript(() => Object.defineProperty(window, "Worker", { value: undefined }));
  const page = await context.newPage();
  await signIn(page, demo.verifier);
  await page.goto("/verify/bulk");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Peramban ini tidak dapat memverifikasi sendiri");
  await expect(page.getByRole("button", { name: "Verifikasi di komputer ini" })).toBeDisabled();
  await expect(page.getByTestId("server-fallback")).toHaveAttribute("open", "");
  await page.getByLabel("Berkas PDF atau ZIP").setInputFiles({ name: "polos.pdf", mimeType: "application/pdf", buffer: Buffer.from(corpus("normal.pdf")) });
  await page.getByRole("button", { name: "Mulai verifikasi" }).click();
  await expect(page).toHaveURL(/\/verify\/bulk\/[a-z0-9]+$/);
  await expect(page.getByRole("status").first()).toContainText("1/1", { timeout: 30_000 });
  await context.close();
});
