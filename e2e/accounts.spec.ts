import { expect, test } from "@playwright/test";
import { confirmationLink, demo, outboxMail, register, signIn, uniqueEmail } from "./helpers";

test("an applicant registers, signs out and signs in again", async ({ page }) => {
  const email = uniqueEmail("applicant");
  await register(page, email);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "mtr_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page.getByRole("link", { name: "Masuk" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);

  await signIn(page, { email, password: "applicant-pass-1" });
  await expect(page.getByTestId("account-email")).toHaveText(email);
});

test("registering answers the same for a taken address (its owner is told); an unconfirmed account cannot buy until it confirms", async ({ page }) => {
  const register = async (email: string) => {
    await page.goto("/register");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Kata sandi").fill("applicant-pass-2");
    await page.getByRole("main").getByRole("button", { name: "Daftar" }).click();
    await expect(page.getByRole("status")).not.toBeEmpty();
    return (await page.getByRole("status").textContent())?.trim();
  };
  const fresh = uniqueEmail("unconfirmed");
  const forTaken = await register(demo.applicant.email);
  const forFresh = await register(fresh);
  expect(forTaken).toContain("Periksa e-mail Anda");
  expect(forTaken).toBe(forFresh);
  expect(outboxMail(demo.applicant.email)[0].event).toBe("account.already_registered");
  expect(confirmationLink(demo.applicant.email)).toBeUndefined();

  await signIn(page, { email: fresh, password: "applicant-pass-2" });
  await page.goto("/buy");
  await expect(page.getByTestId("confirm-email-notice")).toContainText("Konfirmasi alamat e-mail Anda");
  await expect(page.getByLabel("Jumlah meterai")).toHaveCount(0);

  const link = new URL(confirmationLink(fresh)!);
  await page.goto(link.pathname + link.search);
  await page.getByLabel("Kata sandi").fill("applicant-pass-2");
  await page.getByRole("button", { name: "Konfirmasi dan masuk" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("confirm-email-notice")).toHaveCount(0);
  await page.goto("/buy");
  await expect(page.getByLabel("Jumlah meterai")).toBeVisible();
});

test("a wrong password shows one message that does not reveal whether the e-mail exists", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(demo.applicant.email);
  await page.getByLabel("Kata sandi").fill("not the password");
  await page.getByRole("main").getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("status")).toContainText("E-mail atau kata sandi salah.");

  await page.getByLabel("E-mail").fill(uniqueEmail("nobody"));
  await page.getByRole("main").getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("status")).toContainText("E-mail atau kata sandi salah.");
});

test("switching the language to English and back", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("link", { name: "Bubuhkan" }).first()).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Affix" }).first()).toBeVisible();
  await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
});

test("an applicant is refused at /admin", async ({ page }) => {
  await signIn(page, demo.applicant);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/forbidden/);
  await expect(page.getByRole("heading", { name: "Akses ditolak" })).toBeVisible();
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/forbidden/);
});

test("an operator creates a verifier account, which can then sign in", async ({ page, browser }) => {
  await signIn(page, demo.operator);
  await page.goto("/admin/users");
  const email = uniqueEmail("verifier");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Kata sandi").fill("verifier-pass-1");
  await page.getByLabel("Peran").selectOption("VERIFIER");
  await page.getByRole("button", { name: "Buat akun" }).click();
  await expect(page.getByRole("status")).toContainText(email);
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  await page.goto("/admin/audit");
  await expect(page.getByTestId("audit-chain")).toContainText("Rantai hash utuh");
  await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();

  const other = await browser.newContext();
  const verifierPage = await other.newPage();
  await signIn(verifierPage, { email, password: "verifier-pass-1" });
  await verifierPage.goto("/account");
  await expect(verifierPage.getByText("Verifikator (panitia)")).toBeVisible();
  await other.close();
});

test("a verifier creates an API token shown once and can revoke it", async ({ page, request }) => {
  await signIn(page, demo.verifier);
  await page.goto("/account");
  await page.getByLabel("Nama token").fill("committee system");
  await page.getByRole("button", { name: "Buat token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^mtr_/);
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  await page.getByRole("button", { name: "Cabut committee system" }).click();
  await expect(page.getByRole("cell", { name: "Dicabut" })).toBeVisible();
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});
