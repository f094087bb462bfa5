import { expect, type Page, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpusPath, corpusPdfNames } from "@/test/helpers/corpus";
import { doubleFlateObjectStream, hugeSignatureContents, hybridXrefBomb, indexBomb } from "@/test/helpers/hostile-pdfs";
import { createApiToken, demo, signIn } from "./helpers";

// /verify checks the file in this browser (lib/verification/browser/): the same reader, signature checks and
// judge as the server, in Web Workers. Parity: on the whole corpus and on every stamped and altered file the
// verification tests make, the browser gives the server API's verdict and reason code; offline (the page
// kept by its service worker, the network cut) it gives verify-offline's, and says the registry was not
// consulted. Hostile files end in the server's verdict (or UNREADABLE past the time limit) with the tab responsive.

type TVerdict = { verdict: string; code: string; consulted?: boolean };
type TFile = { name: string; path: string };

const work = mkdtempSync(join(tmpdir(), "e2e-verify-browser-"));
let files: TFile[] = [];
let serials: { valid: string; revoked: string };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const casesDir = join(work, "cases");
  // Writes to the server's SQLite database while the server runs: a busy database is tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/verify-cases-for-e2e.ts", process.env.E2E_DATA_DIR!, casesDir], { stdio: "pipe" });
      break;
    } catch (error) {
      if (attempt >= 3 || !String((error as { stderr?: Buffer }).stderr ?? "").includes("SocketTimeout")) throw error;
    }
  }
  const manifest = JSON.parse(readFileSync(join(casesDir, "cases.json"), "utf8")) as { files: string[]; serials: typeof serials };
  serials = manifest.serials;
  files = [...manifest.files.map((name) => ({ name, path: join(casesDir, name) })), ...corpusPdfNames().map((name) => ({ name: `corpus-${name}`, path: corpusPath(name) }))];
});

async function chooseFile(page: Page, file: TFile): Promise<void> {
  await page.getByLabel("Berkas PDF").setInputFiles({ name: file.name, mimeType: "application/pdf", buffer: readFileSync(file.path) });
}

/** Verifies one file through the page's form and reads the verdict the page shows. */
async function verifyOnPage(page: Page, file: TFile, options: { chosen?: boolean } = {}): Promise<TVerdict & { checkedBy: string | null }> {
  if (!options.chosen) await chooseFile(page, file);
  await page.getByRole("button", { name: "Verifikasi" }).click();
  const card = page.locator(`section[data-file="${file.name}"]`);
  await expect(card).toBeVisible({ timeout: 30_000 });
  return {
    verdict: (await card.getByRole("heading").first().getAttribute("data-verdict"))!,
    code: (await card.getAttribute("data-reason"))!,
    consulted: (await card.getAttribute("data-registry-consulted")) === "true",
    checkedBy: await page.locator("[data-checked-by]").getAttribute("data-checked-by"),
  };
}

async function verifyOnServer(page: Page, baseURL: string, list: TFile[]): Promise<Map<string, TVerdict>> {
  await signIn(page, demo.verifier);
  const token = await createApiToken(page, `parity-${Date.now()}`);
  const form = new FormData();
  for (const file of list) form.append("file", new Blob([readFileSync(file.path)], { type: "application/pdf" }), file.name);
  const response = await fetch(`${baseURL}/api/v1/verify`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: { file: string; verdict: string; reasonCode: string; registryConsulted: boolean }[] };
  return new Map(body.results.map((r) => [r.file, { verdict: r.verdict, code: r.reasonCode, consulted: r.registryConsulted }]));
}

function verifyOffline(baseURL: string, certPem: string, list: TFile[]): Map<string, TVerdict> {
  const cert = join(work, "certificate.pem");
  writeFileSync(cert, certPem);
  let out: string;
  try {
    out = execFileSync("node", [".build/verify-offline.mjs", "--cert", cert, "--json", ...list.map((f) => f.path)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exits 1 when any file is not VALID
  }
  const body = JSON.parse(out) as { registryConsulted: boolean; results: { file: string; verdict: string; reason: { code: string } }[] };
  expect(body.registryConsulted).toBe(false);
  const byPath = new Map(list.map((f) => [f.path, f.name]));
  return new Map(body.results.map((r) => [byPath.get(r.file)!, { verdict: r.verdict, code: r.reason.code }]));
}

test("the page says the file stays on this computer, and verifies in the browser what the server API would say", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const server = await verifyOnServer(page, baseURL!, files);
  expect(server.get("valid.pdf")).toMatchObject({ verdict: "VALID", code: "VALID" });
  expect(server.get("revoked.pdf")?.verdict).toBe("REVOKED");
  expect(server.get("copied.pdf")?.verdict).toBe("COPIED");
  expect(server.get("unknown-serial.pdf")?.verdict).toBe("UNKNOWN_SERIAL");

  // A visitor with no account, in a browser of their own.
  const context = await browser.newContext();
  const visitor = await context.newPage();
  const sent: string[] = [];
  visitor.on("request", (request) => {
    if (request.method() !== "GET") sent.push(`${request.method()} ${new URL(request.url()).pathname} ${request.postDataBuffer()?.length ?? 0}`);
  });
  await visitor.goto("/verify");
  await expect(visitor.getByTestId("engine-note")).toContainText("tidak dikirim ke mana pun");
  const mismatches: string[] = [];
  for (const file of files) {
    const shown = await verifyOnPage(visitor, file);
    expect(shown.checkedBy, file.name).toBe("browser");
    const expected = server.get(file.name)!;
    if (shown.verdict !== expected.verdict || shown.code !== expected.code) mismatches.push(`${file.name}: browser ${shown.verdict}/${shown.code}, server ${expected.verdict}/${expected.code}`);
  }
  expect(mismatches).toEqual([]);
  // Nothing was uploaded: the only requests with a body are registry lookups of a few hundred bytes.
  expect(sent.filter((s) => !s.startsWith("POST /api/v1/stamps/lookup "))).toEqual([]);
  for (const line of sent) expect(Number(line.split(" ")[2])).toBeLessThan(1024);
  await context.close();
});

test("opened again with no network, /verify still checks signatures and the chain, as verify-offline does, and says the registry was not consulted", async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/verify");
  await expect(page.locator("[data-offline-ready]")).toHaveAttribute("data-offline-ready", "true", { timeout: 30_000 });
  const certPem = await (await fetch(`${baseURL}/.well-known/meterai/certificate.pem`)).text();

  await context.setOffline(true);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker(), "the page came from the service worker's copy").toBe(true);
  await expect(page.getByTestId("engine-note")).toContainText("tidak dikirim ke mana pun");
  const valid = await verifyOnPage(page, files.find((f) => f.name === "valid.pdf")!);
  expect(valid).toMatchObject({ verdict: "VALID", code: "VALID_OFFLINE", consulted: false, checkedBy: "browser" });
  await expect(page.locator(".alert-error", { hasText: "Registri tidak dapat dihubungi" })).toBeVisible();

  const offline = verifyOffline(baseURL!, certPem, files);
  const mismatches: string[] = [];
  for (const file of files) {
    const shown = await verifyOnPage(page, file);
    const expected = offline.get(file.name)!;
    if (shown.verdict !== expected.verdict || shown.code !== expected.code) mismatches.push(`${file.name}: browser ${shown.verdict}/${shown.code}, verify-offline ${expected.verdict}/${expected.code}`);
    expect(shown.consulted, file.name).toBe(false);
  }
  expect(mismatches).toEqual([]);
  await context.close();
});

test("hostile files get the server's verdict in the browser, each within its time limit, and the tab stays responsive", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const hostile: TFile[] = [];
  const made: Record<string, Uint8Array> = {
    "hybrid-xref-bomb.pdf": await hybridXrefBomb(),
    "index-bomb.pdf": indexBomb(),
    "double-flate.pdf": await doubleFlateObjectStream(),
    "huge-signature.pdf": hugeSignatureContents(),
  };
  for (const [name, bytes] of Object.entries(made)) {
    const path = join(work, name);
    writeFileSync(path, bytes);
    hostile.push({ name, path });
  }
  for (const name of ["encrypted_new.pdf", "encrypted_old.pdf", "invalid_root_ref.pdf", "missing_xref_trailer_dict.pdf"]) hostile.push({ name: `corpus-${name}`, path: corpusPath(name) });
  const server = await verifyOnServer(page, baseURL!, hostile);

  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto("/verify");
  for (const file of hostile) {
    const started = Date.now();
    // The main thread answers while the worker reads the file.
    const lags: number[] = [];
    const probing = (async () => {
      for (let i = 0; i < 10; i++) lags.push(await visitor.evaluate(() => new Promise<number>((resolve) => { const at = performance.now(); setTimeout(() => resolve(performance.now() - at), 0); })));
    })();
    const shown = await verifyOnPage(visitor, file);
    await probing;
    expect(Date.now() - started, file.name).toBeLessThan(25_000);
    expect(Math.max(...lags), `${file.name}: main thread lag (ms)`).toBeLessThan(500);
    expect({ name: file.name, verdict: shown.verdict, code: shown.code }).toEqual({ name: file.name, verdict: server.get(file.name)!.verdict, code: server.get(file.name)!.code });
  }

  // Past its time limit, a file's worker is ended and the file is UNREADABLE, as the server's pool says it:
  // a plain 32 MB PDF (NOT_STAMPED when given the time) within a 100 ms limit.
  const padding = Buffer.alloc(32 * 1024 * 1024, 0x20);
  for (let at = 0; at < padding.length; at += 1024) padding[at] = at === 0 ? 0x0a : 0x25; // "%" comment lines
  const slow = { name: "slow.pdf", path: join(work, "slow.pdf") };
  writeFileSync(slow.path, Buffer.concat([readFileSync(corpusPath("us_constitution.pdf")), padding]));
  expect((await verifyOnPage(visitor, slow)).verdict).toBe("NOT_STAMPED");
  await visitor.goto("/verify?limitMs=100");
  await chooseFile(visitor, slow);
  const started = Date.now();
  const timedOut = await verifyOnPage(visitor, slow, { chosen: true });
  expect(timedOut).toMatchObject({ verdict: "UNREADABLE", code: "UNREADABLE_DAMAGED" });
  expect(Date.now() - started).toBeLessThan(10_000);
  await expect(visitor.getByRole("status")).toContainText(/TIDAK DAPAT DIBACA/);
  // The page goes on verifying after a worker was ended.
  await visitor.goto("/verify");
  expect((await verifyOnPage(visitor, files.find((f) => f.name === "valid.pdf")!)).verdict).toBe("VALID");
  await context.close();
});

test("a browser that cannot verify on its own sends the file to the server, and the page says so", async ({ page }) => {
  await page.goto("/verify?engine=server");
  await expect(page.getByTestId("engine-note")).toContainText("dikirim ke server portal");
  const shown = await verifyOnPage(page, files.find((f) => f.name === "valid.pdf")!);
  expect(shown).toMatchObject({ verdict: "VALID", code: "VALID", consulted: true, checkedBy: "server" });
  await expect(page.getByText("Diperiksa di server portal")).toBeVisible();
});

test("signing out removes the offline copy of the page that was kept while signed in", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demo.verifier);
  await page.goto("/verify");
  await expect(page.locator("[data-offline-ready]")).toHaveAttribute("data-offline-ready", "true", { timeout: 30_000 });
  const signOut = page.getByRole("button", { name: "Keluar" });
  await expect(signOut, "the kept copy is the signed-in page").toBeVisible();
  await signOut.click();
  await page.waitForURL((url) => url.pathname === "/");

  // Offline, the page can no longer come from a copy made in the session: on a shared computer the next
  // person must not get the committee member's signed-in page.
  await context.setOffline(true);
  const reopened = await page.goto("/verify").then(
    () => "opened",
    () => "no copy",
  );
  if (reopened === "opened") await expect(page.getByRole("button", { name: "Keluar" })).toHaveCount(0);
  await context.close();
});
