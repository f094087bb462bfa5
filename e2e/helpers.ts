import { expect, type APIResponse, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import path from "node:path";

export const demo = {
  applicant: { email: "pemohon@demo.local", password: "pemohon-demo-123" },
  verifier: { email: "panitia@demo.local", password: "panitia-demo-123" },
  operator: { email: "operator@demo.local", password: "operator-demo-123" },
};

export function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(4).toString("hex")}@e2e.local`;
}

/** Signs in through the real form (Indonesian labels, the default language). */
export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Kata sandi").fill(account.password);
  await page.getByRole("button", { name: "Masuk" }).last().click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/**
 * Registers through the real form. Each new applicant arrives from an address of its own (the e2e server
 * trusts the test runner as its proxy, see e2e/serve.sh), as real applicants do: the per-IP registration
 * limit applies to each of them, not to the whole suite.
 */
export async function register(page: Page, email: string, password = "applicant-pass-1") {
  const [a, b] = randomBytes(2);
  await page.context().setExtraHTTPHeaders({ "X-Forwarded-For": `198.51.${a}.${b}` });
  await page.goto("/register");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("main").getByRole("button", { name: "Daftar" }).click();
  // Then the address is confirmed the way a person does it: the confirmation e-mail is read from the
  // outbox (without SMTP the server keeps it in its database, where the operators' outbox page reads it
  // too), its link opened and the password entered. Ends signed in on /account.
  await expect(page.getByRole("status")).toContainText("Periksa e-mail Anda");
  const link = confirmationLink(email);
  expect(link, `a confirmation e-mail to ${email} in the outbox`).toBeTruthy();
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Konfirmasi dan masuk" }).click();
  await expect(page).toHaveURL(/\/account/);
  return { email, password };
}

/** Creates an API token on /account (shown once) for the signed-in user and returns it. */
export async function createApiToken(page: Page, name: string): Promise<string> {
  await page.goto("/account");
  await page.getByLabel("Nama token").fill(name);
  await page.getByRole("button", { name: "Buat token" }).click();
  return (await page.getByTestId("new-token").textContent())!.trim();
}

/** Buys `units` stamps through the real buy page and the QRIS simulator's Pay button, then checks the balance. */
export async function buyQuota(page: Page, units: number) {
  await page.goto("/buy");
  await page.getByLabel("Jumlah meterai").fill(String(units));
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
  await page.getByRole("button", { name: "Bayar / Pay" }).click();
  await expect(page.getByTestId("quota-available")).toHaveText(String(units));
}

/** Stamps `pdf` through POST /api/v1/affix with the page's session (same-origin, as the affix page does). */
export function affixWithSession(page: Page, baseURL: string, pdf: Buffer, documentNumber: string): Promise<APIResponse> {
  return page.request.post("/api/v1/affix", {
    headers: { Origin: baseURL, "Idempotency-Key": `${documentNumber}-${randomBytes(6).toString("hex")}` },
    multipart: {
      file: { name: "surat.pdf", mimeType: "application/pdf", buffer: pdf },
      placements: JSON.stringify([{ page: 1, x: 40, y: 40 }]),
      documentType: "Surat Pernyataan",
      documentNumber,
      documentDate: "2026-01-05",
    },
  });
}

/** The e2e server's database (its data folder, E2E_DATA_DIR: playwright.config.ts chooses it), read only. */
export function serverDatabase() {
  const dataDir = process.env.E2E_DATA_DIR!;
  return new Database(path.join(dataDir, "portal.db"), { readonly: true });
}

/** The outbox's mail to an address, newest first. */
export function outboxMail(to: string): { event: string; body: string }[] {
  const database = serverDatabase();
  try {
    return database.prepare("SELECT event, body FROM Delivery WHERE recipient = ? ORDER BY rowid DESC").all(to) as { event: string; body: string }[];
  } finally {
    database.close();
  }
}

/** The link of the newest confirmation e-mail to `to`. */
export function confirmationLink(to: string): string | undefined {
  const mail = outboxMail(to).find((m) => m.event === "account.confirm");
  return mail && /https?:\/\/\S+\/confirm-email\?token=[\w-]+/.exec(mail.body)?.[0];
}
