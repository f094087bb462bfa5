import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

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

export async function register(page: Page, email: string, password = "applicant-pass-1") {
  await page.goto("/register");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("main").getByRole("button", { name: "Daftar" }).click();
  await expect(page).toHaveURL(/\/account/);
  return { email, password };
}
