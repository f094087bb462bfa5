import { expect, test } from "@playwright/test";

// The script policy has no 'unsafe-inline': Next's scripts run because they carry the response's nonce.
test("pages hydrate under a nonce-based script policy, and an injected inline script does not run", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/verify");
  const policy = response!.headers()["content-security-policy"];
  const scriptSrc = policy.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scriptSrc).not.toContain("unsafe-inline");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
  await page.waitForLoadState("networkidle");

  // Only a hydrated page answers this click: without JavaScript the form has no action.
  await page.getByLabel("Berkas PDF").setInputFiles({ name: "bukan.pdf", mimeType: "application/pdf", buffer: Buffer.from("bukan PDF") });
  await page.getByRole("button", { name: "Verifikasi" }).click();
  await expect(page.getByRole("status").locator(".alert-error, h2, h3").first()).toBeVisible();
  expect(page.url()).not.toContain("?");

  // Next put this response's nonce on its scripts.
  const nonces = await page.locator("script[src]").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces)).toEqual(new Set([nonce]));

  const injectedRan = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(injectedRan).toBe(false);
  expect(violations.length).toBe(1);
  expect(violations[0]).toMatch(/inline script/i);
});

test("a status webhook on an internal address is refused on the spot with a reason, without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/status");
  await page.getByLabel("Cara menerima").selectOption("WEBHOOK");
  // The portal's own address: what an attacker would aim at (internal endpoints behind it).
  await page.getByLabel("Alamat e-mail atau URL webhook").fill(`${baseURL}/api/v1/admin/incidents?action=delete`);
  await page.getByRole("button", { name: "Berlangganan" }).click();
  await expect(page.locator(".err")).toContainText("mengarah ke jaringan privat, lokal, atau layanan metadata");
  await expect(page.locator(".err")).toContainText("127.0.0.1");
  await context.close();
});
