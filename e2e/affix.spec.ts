// The applicant's whole story: buy → upload → place → stamp → download, then check the downloaded file
// with pdfsig and against the serial registry in the server's own database.
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { affixWithSession, buyQuota, register, uniqueEmail } from "./helpers";
import { corpusPath } from "@/test/helpers/corpus";



function serverDatabase() {
  // e2e/serve.sh writes the data folder of the server under test here.
  const dataDir = process.env.E2E_DATA_DIR!;
  return new Database(path.join(dataDir, "portal.db"), { readonly: true });
}

function pdfsig(file: string): string {
  try {
    return execFileSync("pdfsig", [file], { encoding: "utf8" });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? "");
  }
}

test("buy, upload, place, stamp and download: the file's signature is valid and the registry row matches it", async ({ page }) => {
  const email = uniqueEmail("stamper");
  await register(page, email);

  await buyQuota(page, 2);

  await page.goto("/affix");
  await expect(page.getByTestId("affix-balance")).toContainText("2");
  await page.getByLabel("Berkas PDF").setInputFiles(corpusPath("with_update_sections.pdf"));
  const summary = page.getByTestId("preflight-summary");
  await expect(summary).toContainText("1.7");
  await expect(page.getByTestId("projected-size")).toContainText("KB");
  await expect(page.getByText("Muat dalam batas penerima.")).toBeVisible();

  // Placement with the keyboard: page and preset position, then the arrow keys on the stamp box.
  await page.getByLabel("Halaman", { exact: true }).selectOption("1");
  await page.getByLabel("Posisi", { exact: true }).selectOption("bottomLeft");
  const box = page.getByRole("application", { name: /Kotak meterai/ });
  await expect(box).toHaveAccessibleName("Kotak meterai: x 36, y 36"); // the page preview rendered (pdf.js)
  await box.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowUp");
  await expect(box).toHaveAccessibleName("Kotak meterai: x 46, y 41");
  await page.getByRole("button", { name: "Tambah meterai di posisi ini" }).click();
  await expect(page.getByTestId("placements")).toContainText("x 46 · y 41");

  await page.getByLabel("Nomor dokumen").fill("800/E2E/2026");
  await page.getByRole("button", { name: /Bubuhkan meterai/ }).click();
  await expect(page.getByText("Selesai! Dokumen sudah dibubuhi meterai.")).toBeVisible();
  const serial = (await page.getByTestId("serial").first().textContent())!.trim();
  expect(serial).toMatch(/^[0-9A-Z]{22}$/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh dokumen bermeterai" }).click()]);
  const file = path.join(os.tmpdir(), `e2e-stamped-${serial}.pdf`);
  await download.saveAs(file);
  const stamped = readFileSync(file);
  const original = readFileSync(corpusPath("with_update_sections.pdf"));
  expect(stamped.subarray(0, original.length).equals(original)).toBe(true);
  const report = pdfsig(file);
  expect(report).toContain("Signature is Valid.");
  expect(report).toContain(serial); // the signature field is named after the serial
  expect(stamped.includes(Buffer.from(`(e-Meterai [${serial}])`))).toBe(true); // the Reason carries it in brackets

  const database = serverDatabase();
  try {
    const row = database.prepare('SELECT "serial", "page", "rectX1", "rectY1", "documentSha256", "signedRevisionSha256", "documentNumber", "status" FROM "Stamp" WHERE "serial" = ?').get(serial) as Record<string, unknown>;
    expect(row).toMatchObject({ serial, page: 1, rectX1: 46, rectY1: 41, documentNumber: "800/E2E/2026", status: "ACTIVE" });
    expect(row.signedRevisionSha256).toBe(createHash("sha256").update(stamped).digest("hex"));
    expect(row.documentSha256).toBe(createHash("sha256").update(original).digest("hex"));
  } finally {
    database.close();
  }

  await expect(page.getByTestId("affix-balance")).toContainText("1");
  await page.goto("/affix/history");
  await expect(page.getByRole("cell", { name: serial })).toBeVisible();
  const again = await page.request.get(await page.getByRole("link", { name: /Unduh ulang/ }).getAttribute("href") as string);
  expect(again.status()).toBe(200);
  expect(Buffer.from(await again.body()).equals(stamped)).toBe(true);
});

test("a file that cannot be stamped is explained before anything is spent", async ({ page }) => {
  await register(page, uniqueEmail("encrypted"));
  await page.goto("/affix");
  await page.getByLabel("Berkas PDF").setInputFiles(corpusPath("encrypted_new.pdf"));
  await expect(page.getByTestId("preflight-problem")).toContainText(/kata sandi|terenkripsi/i);
  writeFileSync(path.join(os.tmpdir(), "not-a-pdf.pdf"), "hello, this is not a PDF");
  await page.getByLabel("Berkas PDF").setInputFiles(path.join(os.tmpdir(), "not-a-pdf.pdf"));
  await expect(page.getByTestId("preflight-problem")).toContainText("bukan dokumen PDF");
});

test("someone else's stamped file cannot be downloaded, while its owner can", async ({ page, browser, baseURL }) => {
  await register(page, uniqueEmail("owner"));
  await buyQuota(page, 1);
  const stamped = await affixWithSession(page, baseURL!, readFileSync(corpusPath("normal.pdf")), "OWN/1");
  expect(stamped.status()).toBe(200);
  const jobId = stamped.headers()["x-meterai-job"];
  expect((await page.request.get(`/affix/files/${jobId}`)).status()).toBe(200);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await register(otherPage, uniqueEmail("other"));
  const response = await otherPage.request.get(`/affix/files/${jobId}`);
  expect(response.status()).toBe(404);
  expect((await otherPage.request.get("/affix/files/does-not-belong-to-you")).status()).toBe(404);
  await other.close();
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`${baseURL}/affix/files/${jobId}`)).status()).toBe(401);
  await anonymous.close();
});
