// Issue 18: an applicant on a phone (390×844) at 23:50 before a deadline. Each test is one item of the
// issue, at phone size, asserting on what the person actually sees.
import { expect, test, type Page } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { affixWithSession, buyQuota, demo, register, signIn, uniqueEmail } from "./helpers";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Surat pernyataan", { x: 72, y: 760, size: 14 });
  return Buffer.from(await doc.save());
}

/** A new applicant with one stamp affixed through the API; returns the stamped file and its serial. */
async function stampedDocument(page: Page, baseURL: string) {
  await register(page, uniqueEmail("phone"));
  await buyQuota(page, 1);
  const response = await affixWithSession(page, baseURL, await onePagePdf(), "HP-001");
  expect(response.status()).toBe(200);
  const serial = response.headers()["x-meterai-serials"].split(",")[0];
  return { pdf: Buffer.from(await response.body()), serial };
}

const WIB = /\d{1,2} \w{3} \d{4},? \d{2}[.:]\d{2}[.:]\d{2} WIB/;

test("item 6, one clock: verification, the serial page, bulk results and the audit log show Jakarta time", async ({ page, browser, baseURL }) => {
  const { pdf, serial } = await stampedDocument(page, baseURL!);

  await page.goto(`/v/${serial}`);
  await expect(page.getByRole("main")).toContainText(WIB);
  await expect(page.getByRole("main")).not.toContainText("UTC");

  await page.goto("/verify");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Berkas PDF").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Verifikasi" }).click();
  await expect(page.getByRole("heading", { name: /SAH/ })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(serial) })).toContainText(WIB);
  await expect(page.getByRole("main")).not.toContainText("UTC");

  const committee = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const verifier = await committee.newPage();
  await signIn(verifier, demo.verifier);
  await verifier.goto("/verify/bulk");
  await verifier.getByLabel("Berkas PDF atau ZIP").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: pdf });
  await verifier.getByRole("button", { name: "Mulai verifikasi" }).click();
  await expect(verifier).toHaveURL(/\/verify\/bulk\/[a-z0-9]+$/);
  await expect(verifier.getByRole("main")).toContainText(/WIB/);
  await expect(verifier.getByRole("main")).not.toContainText("UTC");
  await verifier.goto("/verify/bulk");
  await expect(verifier.getByRole("main")).toContainText(/WIB/);
  await expect(verifier.getByRole("main")).not.toContainText("UTC");
  await committee.close();

  const operators = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const operator = await operators.newPage();
  await signIn(operator, demo.operator);
  await operator.goto("/admin/audit");
  await expect(operator.locator("tbody tr").first().locator("td").nth(1)).toHaveText(WIB);
  await operators.close();
});
