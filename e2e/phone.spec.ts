// Issue 18: an applicant on a phone (390×844) at 23:50 before a deadline. Each test is one item of the
// issue, at phone size, asserting on what the person actually sees.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { affixWithSession, buyQuota, demo, register, signIn, uniqueEmail } from "./helpers";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Surat pernyataan", { x: 72, y: 760, size: 14 });
  return Buffer.from(await doc.save());
}

// One applicant for the tests that do not need a fresh account: registrations are limited per address
// (10 an hour), and the whole suite runs from one.
let sharedCookies: Awaited<ReturnType<BrowserContext["cookies"]>> | null = null;

async function asSharedApplicant(page: Page) {
  if (!sharedCookies) {
    const context = await page.context().browser()!.newContext();
    await register(await context.newPage(), uniqueEmail("phone"));
    sharedCookies = await context.cookies();
    await context.close();
  }
  await page.context().addCookies(sharedCookies);
}

/** Buys `units` more stamps through the buy page and the QRIS simulator (the balance need not start at 0). */
async function topUp(page: Page, units: number) {
  await page.goto("/buy");
  await page.getByLabel("Jumlah meterai").fill(String(units));
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
  await page.getByRole("button", { name: "Bayar / Pay" }).click();
  await expect(page.getByText("Pembayaran diterima.")).toBeVisible();
}

/** The shared applicant stamps a new document through the API; returns the stamped file and its serial. */
async function stampedDocument(page: Page, baseURL: string) {
  await asSharedApplicant(page);
  await topUp(page, 1);
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

  const verifier = await bulkVerifyOnPhone(browser, [{ name: "surat.pdf", mimeType: "application/pdf", buffer: pdf }]);
  await expect(verifier).toHaveURL(/\/verify\/bulk\/[a-z0-9]+$/);
  await expect(verifier.getByRole("main")).toContainText(/WIB/);
  await expect(verifier.getByRole("main")).not.toContainText("UTC");
  await verifier.goto("/verify/bulk");
  await expect(verifier.getByRole("main")).toContainText(/WIB/);
  await expect(verifier.getByRole("main")).not.toContainText("UTC");
  await verifier.context().close();

  const operators = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const operator = await operators.newPage();
  await signIn(operator, demo.operator);
  await operator.goto("/admin/audit");
  await expect(operator.locator("tbody tr").first().locator("td").nth(1)).toHaveText(WIB);
  await operators.close();
});

/** Words that give away an English sentence; none of them is Indonesian. */
const ENGLISH = /\b(the|was|were|signature|serial|registered|document|changed)\b/i;

test("item 7, one language: reasons on the page and in the CSV, impact labels and rupiah follow the language", async ({ page, browser, baseURL }) => {
  const { pdf } = await stampedDocument(page, baseURL!);
  // One byte of the header's binary comment, inside the signed range: the stamp no longer matches.
  const tampered = Buffer.from(pdf);
  tampered[10] ^= 0x01;

  const verifier = await bulkVerifyOnPhone(browser, [
    { name: "asli.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "diubah.pdf", mimeType: "application/pdf", buffer: tampered },
    { name: "polos.pdf", mimeType: "application/pdf", buffer: await onePagePdf() },
  ]);
  await expect(verifier.getByRole("status").first()).toContainText("Selesai", { timeout: 30_000 });
  const reasons = await verifier.locator("tbody tr td:nth-child(3)").allInnerTexts();
  expect(reasons).toHaveLength(3);
  expect(reasons.join("\n")).toContain("tanda tangan");
  for (const reason of reasons) expect(reason).not.toMatch(ENGLISH);

  const download = verifier.waitForEvent("download");
  await verifier.getByRole("link", { name: "Unduh CSV" }).click();
  const csv = (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = (await csv).split("\r\n").filter(Boolean);
  expect(lines[0]).toContain("file,verdict,reason_code,reason,");
  const row = (file: string) => lines.find((l) => l.startsWith(`${file},`))!.split(",");
  expect(row("diubah.pdf").slice(1, 3)).toEqual(["TAMPERED", "DIGEST_MISMATCH"]);
  expect(row("polos.pdf").slice(1, 4)).toEqual(["NOT_STAMPED", "NO_SIGNATURE", "berkas tidak memiliki tanda tangan digital"]);
  for (const line of lines.slice(1)) expect(line.split(",")[3]).not.toMatch(ENGLISH);
  await verifier.context().close();

  // The public status page and the operators' choices name the impact in Indonesian.
  const operators = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const operator = await operators.newPage();
  await signIn(operator, demo.operator);
  await operator.goto("/admin/status");
  const impacts = await operator.locator("#inc-impact option").allInnerTexts();
  expect(impacts).toEqual(["Tidak ada", "Ringan", "Berat", "Kritis"]);
  const name = `Verifikasi lambat ${Date.now()}`;
  await operator.locator("#inc-name").fill(name);
  await operator.locator("#inc-impact").selectOption("major");
  await operator.locator("#inc-body").fill("Kami sedang menyelidiki.");
  await operator.getByRole("button", { name: "Buka insiden" }).click();
  await expect(operator.getByText("Insiden dibuka.")).toBeVisible();
  await expect(operator.getByRole("main")).toContainText("Dampak: Berat");
  await expect.poll(async () => (await operator.request.get(`/status?s=${Date.now()}`)).text(), { timeout: 15_000 }).toContain("Dampak: Berat");
  const statusHtml = await (await operator.request.get(`/status?s=${Date.now()}`)).text();
  expect(statusHtml).not.toContain("Dampak: major");
  // Resolve it again so that other tests see a quiet status page.
  const card = operator.getByRole("article", { name });
  await card.getByLabel("Status pembaruan").selectOption("resolved");
  await card.getByLabel("Pesan pembaruan").fill("Selesai.");
  await card.getByRole("button", { name: "Kirim pembaruan" }).click();
  await operators.close();

  // English: every amount on the buy page written one way.
  await page.context().addCookies([{ name: "locale", value: "en", url: baseURL! }]);
  await page.goto("/buy");
  const text = await page.getByRole("main").innerText();
  expect(text).toContain("Rp10,000");
  expect(text).toContain("Rp12,500");
  expect(text).not.toMatch(/Rp\d{1,3}\.\d{3}/);
});

/** Upload, one placement at the preset position, a document number: ready for "Bubuhkan meterai". */
/** A committee member on a phone sends `files` to bulk verification; returns their page, once it has started. */
async function bulkVerifyOnPhone(browser: Browser, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<Page> {
  const committee = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const verifier = await committee.newPage();
  await signIn(verifier, demo.verifier);
  await verifier.goto("/verify/bulk");
  await verifier.getByText("Verifikasi di server (cadangan)").click();
  await verifier.getByLabel("Berkas PDF atau ZIP").setInputFiles(files);
  await verifier.getByRole("button", { name: "Mulai verifikasi" }).click();
  return verifier;
}

async function prepareAffix(page: Page) {
  await page.getByLabel("Berkas PDF").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: await onePagePdf() });
  await expect(page.getByTestId("preflight-summary")).toBeVisible();
  await expect(page.getByRole("application", { name: /Kotak meterai: x \d+/ })).toBeVisible(); // the preview rendered
  await page.getByRole("button", { name: "Tambah meterai di posisi ini" }).click();
  await page.getByLabel("Nomor dokumen").fill("HP/2026/1");
}

test("items 1 and 2, feedback where the eyes are: no quota is said first, the refusal and the progress appear by the button", async ({ page }) => {
  await register(page, uniqueEmail("noquota"));
  await page.goto("/affix");
  // Item 2: before anything is uploaded, at the top of the screen, with the way to buy.
  const notice = page.getByTestId("no-quota");
  await expect(notice).toBeInViewport();
  await expect(notice).toContainText("Kuota Anda habis");
  await expect(notice.getByRole("link", { name: "Beli kuota" })).toHaveAttribute("href", "/buy");

  // Item 1: pressing the button far down the page shows the refusal there, focused (GOV.UK error summary).
  await prepareAffix(page);
  await page.getByRole("button", { name: /Bubuhkan meterai/ }).click();
  const error = page.getByRole("alert").filter({ hasText: "Ada masalah" });
  await expect(error).toBeVisible();
  await expect(error).toBeFocused();
  await expect(error).toBeInViewport();
  await expect(error).toContainText(/kuota/i);
  await expect(error.getByRole("link", { name: "Beli kuota" })).toBeVisible();

  // The progress while stamping is beside the button too: the request is held until it has been seen.
  await buyQuota(page, 1);
  await page.goto("/affix");
  await prepareAffix(page);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/v1/affix", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("button", { name: /Bubuhkan meterai/ }).click();
  await expect(page.getByTestId("feedback-submit").getByText("Membubuhkan meterai…")).toBeInViewport();
  release();
  const done = page.getByText("Selesai! Dokumen sudah dibubuhi meterai.");
  await expect(done).toBeInViewport();
  await expect(page.getByRole("link", { name: "Unduh dokumen bermeterai" })).toBeInViewport();
});

test("item 1 on the buy page: a refused order is shown, focused, where the button is", async ({ page }) => {
  await asSharedApplicant(page);
  await page.goto("/buy");
  await page.getByLabel("Jumlah meterai").fill("100000");
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
  const error = page.getByTestId("form-error");
  await expect(error).toBeFocused();
  await expect(error).toBeInViewport();
});

/** Fully on screen horizontally: nothing needs a sideways scroll to be seen. */
async function expectWithinWidth(page: Page, locator: ReturnType<Page["locator"]>) {
  await locator.scrollIntoViewIfNeeded();
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

async function expectNoSidewaysScroll(page: Page) {
  // The page itself, and any box inside it that scrolls sideways (its content wider than itself).
  const overflowing = await page.evaluate(() => [
    ...(document.documentElement.scrollWidth > window.innerWidth ? [`page ${document.documentElement.scrollWidth}px`] : []),
    ...[...document.querySelectorAll("main *")]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && !["visible", "hidden", "clip"].includes(getComputedStyle(el).overflowX))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}px`),
  ]);
  expect(overflowing).toEqual([]);
}

test("item 3, phone tables: history and orders show serial, re-download, status, receipt and refund without sideways scrolling", async ({ page, baseURL }) => {
  const { serial } = await stampedDocument(page, baseURL!);

  await page.goto("/affix/history");
  const job = page.getByTestId("history-row").first();
  await expectNoSidewaysScroll(page);
  await expectWithinWidth(page, job.getByText(serial));
  await expectWithinWidth(page, job.getByRole("link", { name: /Unduh ulang/ }));
  await expectWithinWidth(page, job.getByText("Surat Pernyataan HP-001"));

  await page.goto("/orders");
  const order = page.getByTestId("order-row").first();
  await expectNoSidewaysScroll(page);
  await expectWithinWidth(page, order.getByText("Kuota masuk"));
  await expectWithinWidth(page, order.getByRole("link", { name: "Kuitansi" }));
  await expectWithinWidth(page, order.locator("summary", { hasText: "Minta pengembalian dana" }));
});

/** WCAG contrast ratio of two "rgb(r, g, b)" colours. */
function contrast(a: string, b: string) {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

test("item 10, a finished look: an Indonesian 404 with the site's navigation, a favicon, help, privacy and terms saying who runs it", async ({ page, request }) => {
  const missing = await page.goto("/halaman-yang-tidak-ada");
  expect(missing!.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Halaman tidak ditemukan");
  await expect(page.getByRole("navigation", { name: "Navigasi utama" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Beranda" })).toHaveAttribute("href", "/");
  await expect(page.getByRole("main").getByRole("link", { name: "Verifikasi dokumen" })).toBeVisible();

  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/image\//);

  await page.goto("/");
  const footer = page.getByRole("contentinfo");
  await expect(footer).toContainText("Layanan ini dikelola oleh");
  for (const [link, heading] of [["Bantuan dan kontak", "Bantuan dan kontak"], ["Privasi", "Privasi"], ["Ketentuan", "Ketentuan layanan"]]) {
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: link, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByRole("main")).toContainText(/Pengelola/);
  }

  // The status page (rendered by the front door, not by Next) wears the same font and header as the site.
  await page.goto("/");
  const look = () => page.evaluate(() => [getComputedStyle(document.body).fontFamily.replace(/\s/g, ""), getComputedStyle(document.querySelector("header")!).backgroundColor]);
  const siteLook = await look();
  await page.goto("/status");
  expect(await look()).toEqual(siteLook);
  await expect(page.getByRole("navigation", { name: "Navigasi utama" }).getByRole("link", { name: "Bubuhkan" })).toHaveAttribute("href", "/affix");
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Bantuan dan kontak" })).toBeVisible();
});

test("item 9, contrast and focus: the header's focus ring, the status banner and labels are readable, and no 90-day claim without 90 days", async ({ page }) => {
  await page.goto("/");
  const buy = page.getByRole("navigation", { name: "Navigasi utama" }).getByRole("link", { name: "Beli" });
  await page.keyboard.press("Tab"); // the skip link
  while (!(await buy.evaluate((el) => el === document.activeElement))) await page.keyboard.press("Tab");
  const [ring, header] = await buy.evaluate((el) => [getComputedStyle(el).outlineColor, getComputedStyle(el.closest("header")!).backgroundColor]);
  expect(contrast(ring, header)).toBeGreaterThanOrEqual(3);

  await page.goto("/status");
  const banner = page.locator(".banner");
  const [text, background] = await banner.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
  expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
  for (const pill of await page.locator(".pill").all()) {
    const color = await pill.evaluate((el) => getComputedStyle(el).color);
    expect(contrast(color, "rgb(255, 255, 255)")).toBeGreaterThanOrEqual(4.5);
  }
  // A fresh installation has far fewer than 90 days of data.
  await expect(page.locator(".bar-legend").first()).toContainText("hari yang terpantau");
  await expect(page.getByRole("main")).not.toContainText("ketersediaan 90 hari");
});

test("item 5, the QRIS page: it updates itself when the payment arrives, offers the QR as an image to save, then 'stamp now'", async ({ page, baseURL }) => {
  await asSharedApplicant(page);
  await page.goto("/buy");
  await page.getByLabel("Jumlah meterai").fill("1");
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
  await expect(page).toHaveURL(/\/buy\/[^/]+$/);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;

  const save = page.getByRole("link", { name: "Simpan kode QR" });
  await expect(save).toBeVisible();
  const download = page.waitForEvent("download");
  await save.click();
  const png = Buffer.concat(await (await (await download).createReadStream()).toArray());
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");

  // Paid elsewhere (in the payment app): the page was not reloaded by anyone and still shows the result.
  const paid = await page.request.post(`/api/v1/payments/simulator/${orderId}/pay`, { headers: { Origin: baseURL! } });
  expect(paid.status()).toBe(200);
  await expect(page.getByText("Pembayaran diterima.")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("order-status")).toHaveText("Kuota masuk");
  await page.getByRole("link", { name: "Bubuhkan meterai sekarang" }).click();
  await expect(page).toHaveURL(/\/affix$/);
  await expect(page.getByTestId("affix-balance")).toBeVisible();
});

test("item 8, no dead ends: the applicant's landing page starts with the next steps, and an open incident shows on home, buy and affix", async ({ page, browser }) => {
  await signIn(page, demo.applicant); // an applicant lands on /account after signing in
  await expect(page).toHaveURL(/\/account$/);
  const steps = page.getByTestId("next-steps");
  await expect(steps).toBeInViewport();
  await expect(steps.getByRole("link").first()).toHaveAttribute("href", "/buy");
  const stepsTop = (await steps.boundingBox())!.y;
  const tokensTop = (await page.getByRole("heading", { name: "Token API" }).boundingBox())!.y;
  expect(stepsTop).toBeLessThan(tokensTop);

  const operators = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const operator = await operators.newPage();
  await signIn(operator, demo.operator);
  await operator.goto("/admin/status");
  const name = `Pembayaran tertunda ${Date.now()}`;
  await operator.locator("#inc-name").fill(name);
  await operator.locator("#inc-impact").selectOption("minor");
  await operator.locator("#inc-body").fill("Notifikasi QRIS terlambat; kuota tetap masuk.");
  await operator.getByRole("button", { name: "Buka insiden" }).click();
  await expect(operator.getByText("Insiden dibuka.")).toBeVisible();
  try {
    for (const path of ["/", "/buy", "/affix"]) {
      await page.goto(path);
      const banner = page.getByTestId("incident-banner");
      await expect(banner).toBeInViewport();
      await expect(banner).toContainText(name);
      await expect(banner.getByRole("link", { name: /halaman Status/ })).toHaveAttribute("href", "/status");
    }
  } finally {
    await operator.goto("/admin/status");
    const card = operator.getByRole("article", { name });
    await card.getByLabel("Status pembaruan").selectOption("resolved");
    await card.getByLabel("Pesan pembaruan").fill("Selesai.");
    await card.getByRole("button", { name: "Kirim pembaruan" }).click();
    await expect(operator.locator('section[aria-labelledby="recent"]')).toContainText("Selesai.");
    await operators.close();
  }
  await page.goto("/");
  await expect(page.getByTestId("incident-banner")).toHaveCount(0);
});

test("item 4, the PDF is uploaded once: the affix names the checked upload instead of sending the file again", async ({ page, browser, baseURL }) => {
  await asSharedApplicant(page);
  await topUp(page, 1);
  // What the page hands to XMLHttpRequest for each upload: every form field, a file as its name and size.
  await page.addInitScript(() => {
    const send = XMLHttpRequest.prototype.send;
    const sent: { fields: Record<string, string | { file: string; size: number }> }[] = [];
    (window as unknown as { sentForms: typeof sent }).sentForms = sent;
    XMLHttpRequest.prototype.send = function (body) {
      if (body instanceof FormData) sent.push({ fields: Object.fromEntries([...body.entries()].map(([k, v]) => [k, v instanceof File ? { file: v.name, size: v.size } : v])) });
      return send.call(this, body);
    };
  });
  await page.goto("/affix");
  const preflight = page.waitForResponse((r) => r.url().endsWith("/api/v1/affix/preflight"));
  await prepareAffix(page);
  const { uploadId } = await (await preflight).json();
  expect(uploadId).toMatch(/^[\w-]{24}$/);
  await page.getByRole("button", { name: /Bubuhkan meterai/ }).click();
  await expect(page.getByText("Selesai! Dokumen sudah dibubuhi meterai.")).toBeVisible();
  const sent = await page.evaluate(() => (window as unknown as { sentForms: { fields: Record<string, unknown> }[] }).sentForms);
  expect(sent).toHaveLength(2);
  expect(sent[0].fields.file).toMatchObject({ file: "surat.pdf" });
  // The second time only the form's fields went up: the handle, not the file.
  expect(sent[1].fields.file).toBeUndefined();
  expect(sent[1].fields.uploadId).toBe(uploadId);
  expect((await page.getByTestId("serial").first().textContent())!.trim()).toMatch(/^[0-9A-Z]{22}$/);

  // The handle is the uploader's alone: another applicant naming it is told to send the file.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signIn(stranger, demo.applicant);
  const refused = await stranger.request.post("/api/v1/affix", {
    headers: { Origin: baseURL!, "Idempotency-Key": `stranger-${Date.now()}` },
    multipart: { uploadId, placements: JSON.stringify([{ page: 1, x: 40, y: 40 }]), documentType: "Surat Pernyataan", documentNumber: "X-1", documentDate: "2026-01-05" },
  });
  expect(refused.status()).toBe(404);
  expect((await refused.json()).error.code).toBe("UPLOAD_NOT_FOUND");
  await other.close();
});

test("item 11 on the affix page: the box's label stays inside the box on a phone, and a box moved but not added is stamped", async ({ page }) => {
  await asSharedApplicant(page);
  await topUp(page, 1);
  await page.goto("/affix");
  await page.getByLabel("Berkas PDF").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: await onePagePdf() });
  const box = page.getByRole("application", { name: /Kotak meterai: x \d+/ });
  await expect(box).toBeVisible();
  const spill = await page.getByTestId("stamp-box-label").evaluate((label) => {
    const outer = label.parentElement!.getBoundingClientRect();
    const inner = label.getBoundingClientRect();
    return { right: label.scrollWidth - label.clientWidth, below: inner.top + label.scrollHeight - outer.bottom };
  });
  expect(spill.right).toBeLessThanOrEqual(0);
  expect(spill.below).toBeLessThanOrEqual(0);

  // Drag the box up and left, add nothing, and stamp: the one stamp goes where the box was left.
  await box.scrollIntoViewIfNeeded();
  const before = (await box.getAttribute("aria-label"))!;
  const start = (await box.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x - 60, start.y - 120, { steps: 5 });
  await page.mouse.up();
  const moved = (await box.getAttribute("aria-label"))!;
  expect(moved).not.toBe(before);
  const [, x, y] = /x (\d+), y (\d+)/.exec(moved)!;
  await expect(page.getByTestId("no-placements")).toContainText("posisi kotak saat ini");
  await page.getByLabel("Nomor dokumen").fill("HP/DRAG/1");
  const affixed = page.waitForResponse((r) => r.url().endsWith("/api/v1/affix"));
  await page.getByRole("button", { name: "Bubuhkan meterai (1)" }).click();
  expect((await affixed).status()).toBe(200);
  await expect(page.getByText("Selesai! Dokumen sudah dibubuhi meterai.")).toBeVisible();
  expect(Number(x)).toBeLessThan(459); // moved left from the bottom-right preset (595 - 100 - 36)
  expect(Number(y)).toBeGreaterThan(36);
});

test("item 11 in bulk results: a colour per verdict, app-2 before app-10, and one serial in several files is flagged", async ({ page, browser, baseURL }) => {
  const { pdf, serial } = await stampedDocument(page, baseURL!);
  const verifier = await bulkVerifyOnPhone(browser, [
    { name: "app-10.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "app-2.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "app-1.pdf", mimeType: "application/pdf", buffer: await onePagePdf() },
  ]);
  await expect(verifier.getByRole("status").first()).toContainText("Selesai", { timeout: 30_000 });
  expect(await verifier.locator("tbody tr td:first-child").allInnerTexts()).toEqual(["app-1.pdf", "app-2.pdf", "app-10.pdf"]);
  const flagged = verifier.getByTestId("same-serial");
  await expect(flagged).toContainText(serial);
  await expect(flagged).toContainText("2 berkas");
  await expect(verifier.getByTestId("same-serial-row")).toHaveCount(2);
  const valid = verifier.locator('td[data-verdict="VALID"] span').first();
  const unstamped = verifier.locator('td[data-verdict="NOT_STAMPED"] span').first();
  const colour = (l: typeof valid) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await colour(valid)).not.toBe(await colour(unstamped));
  expect(await colour(valid)).not.toBe("rgba(0, 0, 0, 0)");
  await verifier.context().close();
});

test("item 11, /admin has an overview: today's stamps and payments, waiting orders, refunds, incidents, the queue", async ({ page, browser, baseURL }) => {
  const operators = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const operator = await operators.newPage();
  await signIn(operator, demo.operator);
  await operator.goto("/admin");
  const stamps = operator.getByTestId("overview-stamps").locator("dd");
  await expect(operator.getByTestId("admin-overview")).toBeInViewport();
  const before = Number(await stamps.innerText());
  const paidBefore = Number(await operator.getByTestId("overview-paid").locator("dd").innerText());
  await stampedDocument(page, baseURL!);
  await operator.reload();
  await expect(stamps).toHaveText(String(before + 1));
  await expect(operator.getByTestId("overview-paid").locator("dd")).toHaveText(String(paidBefore + 1));
  await expect(operator.getByTestId("overview-refunds")).toBeVisible();
  await operators.close();
});

test("item 11, order numbers a person can read out: a short reference the help desk finds", async ({ page, browser }) => {
  await asSharedApplicant(page);
  await topUp(page, 1);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  await page.goto("/orders");
  const reference = (await page.getByTestId("order-reference").first().innerText()).trim();
  expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(reference.replace("-", "").toLowerCase()).toBe(orderId.slice(-8));

  const operators = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const operator = await operators.newPage();
  await signIn(operator, demo.operator);
  // Read out over the phone, typed as heard: lower case, a space instead of the dash.
  await operator.goto(`/admin/orders?q=${encodeURIComponent(reference.toLowerCase().replace("-", " "))}`);
  await expect(operator.locator("tbody tr")).toHaveCount(1);
  await expect(operator.locator("tbody tr")).toContainText(orderId);
  await operators.close();
});
