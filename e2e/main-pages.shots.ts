// The main pages at both sizes as PNG files in screenshots/<size>/ (see playwright.screenshots.config.ts).
// Each page is taken in the state a person sees it in: a real applicant with a paid order and a stamped
// document, the QRIS page of an unpaid order, a verification verdict, a committee's bulk results.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { affixWithSession, buyQuota, demo, register, signIn, uniqueEmail } from "./helpers";

const OUT = path.resolve(process.env.SCREENSHOTS_DIR ?? "screenshots");
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type TState = Awaited<ReturnType<BrowserContext["storageState"]>>;

async function onePagePdf() {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Surat pernyataan", { x: 72, y: 760, size: 14 });
  return Buffer.from(await doc.save());
}

async function signedIn(browser: Browser, act: (page: import("@playwright/test").Page) => Promise<void>): Promise<TState> {
  const context = await browser.newContext();
  await act(await context.newPage());
  const state = await context.storageState();
  await context.close();
  return state;
}

test("the main pages at desktop and phone size", async ({ browser, baseURL }) => {
  const pdf = await onePagePdf();
  let serial = "";
  let orderId = "";
  let unpaidOrderId = "";
  let stamped = Buffer.alloc(0);
  const applicant = await signedIn(browser, async (page) => {
    await register(page, uniqueEmail("shots"));
    await buyQuota(page, 2);
    orderId = new URL(page.url()).pathname.split("/").pop()!;
    const response = await affixWithSession(page, baseURL!, pdf, "SHOT-1");
    stamped = Buffer.from(await response.body());
    serial = response.headers()["x-meterai-serials"].split(",")[0];
    await page.goto("/buy");
    await page.getByLabel("Jumlah meterai").fill("1");
    await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
    await expect(page).toHaveURL(/\/buy\/[^/]+$/);
    unpaidOrderId = new URL(page.url()).pathname.split("/").pop()!;
  });
  const verifier = await signedIn(browser, (page) => signIn(page, demo.verifier));
  const operator = await signedIn(browser, (page) => signIn(page, demo.operator));

  type TShot = { name: string; path: string; as?: TState; then?: (page: import("@playwright/test").Page) => Promise<void> };
  const shots: TShot[] = [
    { name: "01-home", path: "/" },
    { name: "02-sign-in", path: "/sign-in" },
    { name: "03-buy", path: "/buy", as: applicant },
    { name: "04-pay-qris", path: `/buy/${unpaidOrderId}`, as: applicant },
    { name: "05-orders", path: "/orders", as: applicant },
    { name: "06-receipt", path: `/orders/${orderId}/receipt`, as: applicant },
    {
      name: "07-affix", path: "/affix", as: applicant,
      then: async (page) => {
        await page.getByLabel("Berkas PDF").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: pdf });
        await expect(page.getByTestId("preflight-summary")).toBeVisible();
      },
    },
    { name: "08-affix-history", path: "/affix/history", as: applicant },
    {
      name: "09-verify-result", path: "/verify",
      then: async (page) => {
        await page.getByLabel("Berkas PDF").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: stamped });
        await page.getByRole("button", { name: "Verifikasi" }).click();
        await expect(page.getByRole("heading", { name: /SAH/ })).toBeVisible();
      },
    },
    { name: "10-serial", path: `/v/${serial}` },
    {
      name: "11-bulk-results", path: "/verify/bulk", as: verifier,
      then: async (page) => {
        await page.getByText("Verifikasi di server (cadangan)").click();
        await page.getByLabel("Berkas PDF atau ZIP").setInputFiles([
          { name: "pelamar-1.pdf", mimeType: "application/pdf", buffer: stamped },
          { name: "pelamar-2.pdf", mimeType: "application/pdf", buffer: pdf },
        ]);
        await page.getByRole("button", { name: "Mulai verifikasi" }).click();
        await expect(page.getByRole("status").first()).toContainText("Selesai", { timeout: 30_000 });
      },
    },
    { name: "12-status", path: "/status" },
    { name: "13-help", path: "/help" },
    { name: "14-not-found", path: "/halaman-yang-tidak-ada" },
    { name: "15-admin", path: "/admin", as: operator },
  ];

  for (const [size, viewport] of Object.entries(SIZES)) {
    mkdirSync(path.join(OUT, size), { recursive: true });
    for (const shot of shots) {
      const context = await browser.newContext({ viewport, ...(shot.as ? { storageState: shot.as } : {}) });
      const page = await context.newPage();
      await page.goto(shot.path);
      await page.waitForLoadState("networkidle");
      await shot.then?.(page);
      await page.screenshot({ path: path.join(OUT, size, `${shot.name}.png`), fullPage: true, animations: "disabled" });
      await context.close();
    }
  }
});
