import { expect, test, type Page } from "@playwright/test";
import { createApiToken, demo, register, signIn, uniqueEmail } from "./helpers";

// The waiting room end to end: an operator limits buying to one active user; the first applicant
// gets in, a second one waits with a position shown, and gets in by itself when the first leaves.
// The e2e server is shared by every spec, so the buy area's settings are restored afterwards.

type TSettings = { enabled: boolean; maxActiveUsers: string; admitPerMinute: string; sessionMinutes: string };

async function openBuySettings(page: Page) {
  await page.goto("/admin/queue");
  return page.getByRole("region", { name: "Pembelian meterai" });
}

async function readSettings(page: Page): Promise<TSettings> {
  const section = await openBuySettings(page);
  return {
    enabled: await section.getByLabel("Antrean aktif").isChecked(),
    maxActiveUsers: await section.getByLabel("Pengguna aktif maksimum").inputValue(),
    admitPerMinute: await section.getByLabel("Pengguna baru per menit").inputValue(),
    sessionMinutes: await section.getByLabel("Lama sesi tanpa aktivitas (menit)").inputValue(),
  };
}

async function saveSettings(page: Page, settings: TSettings) {
  const section = await openBuySettings(page);
  await section.getByLabel("Antrean aktif").setChecked(settings.enabled);
  await section.getByLabel("Pengguna aktif maksimum").fill(settings.maxActiveUsers);
  await section.getByLabel("Pengguna baru per menit").fill(settings.admitPerMinute);
  await section.getByLabel("Lama sesi tanpa aktivitas (menit)").fill(settings.sessionMinutes);
  await section.getByRole("button", { name: "Simpan pengaturan" }).click();
  await expect(section.getByRole("status")).toContainText("Pengaturan antrean disimpan.");
}

test("a second applicant waits with a position and gets in when the first leaves", async ({ browser }) => {
  test.setTimeout(120_000);
  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, demo.operator);
  const original = await readSettings(operator);
  await saveSettings(operator, { enabled: true, maxActiveUsers: "1", admitPerMinute: "600", sessionMinutes: "10" });

  const firstContext = await browser.newContext();
  const secondContext = await browser.newContext();
  try {
    // The first applicant gets straight in.
    const first = await firstContext.newPage();
    await signIn(first, demo.applicant);
    await first.goto("/buy");
    await expect(first).toHaveURL(/\/buy$/);

    // The area is full: the second applicant is sent to the waiting page with a position.
    const second = await secondContext.newPage();
    await register(second, uniqueEmail("queue"));
    await second.goto("/buy");
    await expect(second).toHaveURL(/\/queue\?area=buy&next=%2Fbuy/);
    await expect(second.getByRole("heading", { name: "Anda sedang dalam antrean" })).toBeVisible();
    await expect(second.getByTestId("queue-position")).toHaveText("1");
    await expect(second.getByTestId("queue-ahead")).toHaveText("0");
    await expect(second.getByText("Terakhir diperbarui")).toBeVisible();
    await expect(second.getByRole("link", { name: "Lihat status layanan" })).toHaveAttribute("href", "/status");

    // The operator sees one active and one waiting.
    await operator.goto("/admin/queue");
    const buyRow = operator.getByTestId("queue-row-buy");
    await expect(buyRow.getByRole("cell").nth(1)).toHaveText("aktif");
    await expect(buyRow.getByRole("cell").nth(2)).toHaveText("1");
    await expect(buyRow.getByRole("cell").nth(3)).toHaveText("1");

    // A copied ticket is refused: the first applicant presents the second one's cookie.
    const stolen = (await secondContext.cookies()).find((c) => c.name === "mtr_qt_buy");
    expect(stolen).toBeTruthy();
    const thief = await browser.newContext();
    await thief.addCookies([{ ...stolen! }]);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/queue?area=buy&next=/buy");
    await expect(thiefPage.getByText("milik perangkat atau akun lain")).toBeVisible();
    await thief.close();

    // The first applicant leaves (as after completing a purchase): the place is freed at once.
    const left = await first.request.post("/api/v1/queue/leave?area=buy", { data: {} });
    expect(await left.json()).toMatchObject({ area: "buy", released: true });

    // The waiting page notices on its next poll (about every 20 s) and goes on to /buy by itself.
    await expect(second).toHaveURL(/\/buy$/, { timeout: 45_000 });
  } finally {
    await saveSettings(operator, original);
    await firstContext.close();
    await secondContext.close();
    await operatorContext.close();
  }
});

test("programs get 503 with Retry-After, a position and a ticket to send back", async ({ browser, request }) => {
  // A real applicant's token: a made-up one is refused with 401 before it could take a place in line.
  const programContext = await browser.newContext();
  const program = await programContext.newPage();
  await register(program, uniqueEmail("queue-api"));
  const token = await createApiToken(program, "e2e queue");
  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, demo.operator);
  const original = await readSettings(operator);
  await saveSettings(operator, { enabled: true, maxActiveUsers: "0", admitPerMinute: "600", sessionMinutes: "10" });
  try {
    const response = await request.post("/api/v1/orders", {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      data: { quantity: 1 },
    });
    expect(response.status()).toBe(503);
    expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
    expect(response.headers()["x-queue-ticket"]).toMatch(/^q1\./);
    const body = await response.json();
    expect(body).toMatchObject({ position: 1, ahead: 0 });
    expect(typeof body.estimatedWaitSeconds).toBe("number");

    const summary = await (await request.get("/api/v1/queue")).json();
    expect(summary.areas.find((a: { area: string }) => a.area === "buy")).toMatchObject({ enabled: true, waiting: 1 });
    // GET /metrics reads the same length from the waiting room (e2e/serve.sh turns the endpoint on).
    const metrics = await request.get("/metrics", { headers: { Authorization: `Bearer ${process.env.METRICS_TOKEN ?? "e2e-metrics-token-0123456789"}` } });
    expect(await metrics.text()).toMatch(/^portal_queue_length\{area="buy"\} 1$/m);
  } finally {
    await saveSettings(operator, original);
    await operatorContext.close();
    await programContext.close();
  }
});
