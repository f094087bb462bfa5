import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demo, signIn } from "./helpers";

// An operator opens an incident, posts two updates and resolves it; after each step the public
// page, the Statuspage JSON and the Atom feed show it.
const name = `Pembubuhan lambat ${Date.now()}`;
let step = 0;

async function publicShows(page: Page, request: APIRequestContext, status: string, label: string, body: string) {
  step++;
  // A fresh query string each time: /status may be cached by the browser for a few seconds.
  await page.goto(`/status?step=${step}`);
  const article = page.locator("article", { has: page.getByRole("heading", { name }) });
  await expect(article).toBeVisible();
  await expect(article).toContainText(label);
  await expect(article).toContainText(body);
  await expect(article).toContainText("WIB");

  const json = await (await request.get(`/api/v2/incidents.json?step=${step}`)).json();
  const incident = json.incidents.find((i: { name: string }) => i.name === name);
  expect(incident.status).toBe(status);
  expect(incident.incident_updates[0].body).toBe(body);

  const atom = await (await request.get(`/status/feed.atom?step=${step}`)).text();
  expect(atom).toContain(`[${status}] ${name}`);
  expect(atom).toContain(body);
}

test("an operator's incident appears step by step on the public page, the JSON feed and the Atom feed", async ({ page, request }) => {
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "Status layanan", level: 1 })).toBeVisible();
  await expect(page.getByText("Pembubuhan").first()).toBeVisible();

  await signIn(page, demo.operator);
  await page.goto("/admin/status");
  await page.locator("#inc-name").fill(name);
  await page.locator("#inc-impact").selectOption("major");
  await page.locator("#inc-body").fill("Kami sedang menyelidiki pembubuhan yang lambat.");
  await page.locator("#new-incident").locator("..").getByLabel("Pembubuhan").check();
  await page.getByRole("button", { name: "Buka insiden" }).click();
  await expect(page.getByText("Insiden dibuka.")).toBeVisible();
  await publicShows(page, request, "investigating", "Diselidiki", "Kami sedang menyelidiki pembubuhan yang lambat.");
  const summary = await (await request.get(`/api/v2/summary.json?s=${Date.now()}`)).json();
  expect(summary.status.indicator).toBe("major");
  expect(summary.components.find((c: { name: string }) => c.name === "Affixing").status).toBe("partial_outage");

  const updates: [string, string, string][] = [
    ["identified", "Penyebab ditemukan", "Penyebabnya antrean tanda tangan yang penuh."],
    ["monitoring", "Dipantau", "Perbaikan sudah dipasang, kami memantau."],
    ["resolved", "Selesai", "Pembubuhan kembali normal."],
  ];
  for (const [status, label, body] of updates) {
    await page.goto("/admin/status");
    const card = page.getByRole("article", { name });
    await card.getByLabel("Status pembaruan").selectOption(status);
    await card.getByLabel("Pesan pembaruan").fill(body);
    await card.getByRole("button", { name: "Kirim pembaruan" }).click();
    // A resolved incident leaves the active list (and its form) for the recently resolved list.
    if (status === "resolved") await expect(page.locator('section[aria-labelledby="recent"]')).toContainText(body);
    else await expect(page.getByText("Pembaruan dikirim.")).toBeVisible();
    await publicShows(page, request, status, label, body);
  }
  const after = await (await request.get(`/api/v2/summary.json?s=${Date.now()}`)).json();
  expect(after.incidents.find((i: { name: string }) => i.name === name)).toBeUndefined();
  expect(after.components.every((c: { status: string }) => c.status === "operational")).toBe(true);
});

test("the status page works without JavaScript and shows a focusable 90-day bar with each day's uptime", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto("/status");
  const bar = page.getByRole("list", { name: /Pembubuhan: Ketersediaan harian/ });
  await expect(bar.locator("li")).toHaveCount(90);
  await bar.locator("li").last().focus();
  await expect(bar.locator("li").last()).toBeFocused();
  await expect(bar.locator("li").last()).toHaveAttribute("data-tip", /%|tidak ada data/);
  // The language switch is a plain form.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Service status", level: 1 })).toBeVisible();
  await context.close();
});
