import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { createApiToken, demo, register, signIn, uniqueEmail } from "./helpers";

test("an applicant buys 3 stamps, pays in the QRIS simulator and sees a balance of 3", async ({ page }) => {
  await register(page, uniqueEmail("buyer"));
  await page.goto("/buy");
  await expect(page.getByTestId("quota-available")).toHaveText("0");
  await page.getByLabel("Jumlah meterai").fill("3");
  await expect(page.getByTestId("price-total")).toHaveText("Rp37.500");
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();

  await expect(page).toHaveURL(/\/buy\/[a-z0-9]+$/);
  await expect(page.getByTestId("order-amount")).toHaveText("Rp37.500");
  await expect(page.getByRole("img", { name: /Kode QR QRIS/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Kode QR QRIS/ }).locator("svg")).toBeVisible();
  await page.getByRole("button", { name: "Bayar / Pay" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Pembayaran diterima" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Kuota masuk");
  await expect(page.getByTestId("quota-available")).toHaveText("3");
  await expect(page.getByTestId("quota-reserved")).toHaveText("0");

  await page.getByRole("link", { name: "Lihat kuitansi" }).click();
  await expect(page.getByRole("heading", { name: "Kuitansi pembelian meterai" })).toBeVisible();
  await expect(page.getByTestId("receipt-total")).toHaveText("Rp37.500");
  await page.goto("/orders");
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(page.getByTestId("order-row")).toContainText("Kuota masuk");
});

test("the same purchase through the API with a Bearer token; another applicant gets 404 for the order", async ({ page, browser }) => {
  await register(page, uniqueEmail("api-buyer"));
  const token = await createApiToken(page, "e2e purchase");
  const api = await (await browser.newContext()).request; // no cookies: the token alone
  const auth = { authorization: `Bearer ${token}` };

  const missingKey = await api.post("/api/v1/orders", { headers: auth, data: { quantity: 3 } });
  expect(missingKey.status()).toBe(400);
  const key = `e2e-${randomUUID()}`;
  const created = await api.post("/api/v1/orders", { headers: { ...auth, "Idempotency-Key": key }, data: { quantity: 3 } });
  expect(created.status()).toBe(201);
  const order = await created.json();
  expect(order).toMatchObject({ status: "PENDING", amount: 37_500, payment: { provider: "simulator" } });
  expect(order.payment.qrString).toMatch(/^000201/);
  const again = await api.post("/api/v1/orders", { headers: { ...auth, "Idempotency-Key": key }, data: { quantity: 3 } });
  expect((await again.json()).id).toBe(order.id);

  const paid = await api.post(`/api/v1/payments/simulator/${order.id}/pay`, { headers: auth });
  expect(paid.status()).toBe(200);
  expect(await paid.json()).toMatchObject({ delivered: true, orderStatus: "CREDITED" });
  expect(await (await api.get(`/api/v1/orders/${order.id}`, { headers: auth })).json()).toMatchObject({ status: "CREDITED" });
  expect(await (await api.get("/api/v1/quota", { headers: auth })).json()).toEqual({ available: 3, reserved: 0 });

  const doc = await (await api.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths["/api/v1/orders"].post).toBeTruthy();

  // Another applicant: the order does not exist for them.
  const other = await browser.newPage();
  await register(other, uniqueEmail("other"));
  const receipt = await other.goto(`/orders/${order.id}/receipt`);
  expect(receipt?.status()).toBe(404);
  const payPage = await other.goto(`/buy/${order.id}`);
  expect(payPage?.status()).toBe(404);
});

test("an applicant asks for a refund of unused quota; an operator finds the order and approves it", async ({ page, browser }) => {
  const buyer = await register(page, uniqueEmail("refund"));
  await page.goto("/buy");
  await page.getByLabel("Jumlah meterai").fill("2");
  await page.getByRole("button", { name: "Bayar dengan QRIS" }).click();
  await page.getByRole("button", { name: "Bayar / Pay" }).click();
  await expect(page.getByTestId("quota-available")).toHaveText("2");

  await page.goto("/orders");
  await page.locator("summary", { hasText: "Minta pengembalian dana" }).click();
  await page.getByLabel("Alasan (opsional)").fill("salah jumlah");
  await page.getByRole("button", { name: "Minta pengembalian dana" }).click();
  // The page re-renders: the order now waits for an operator and its units are held out of the balance.
  await expect(page.getByTestId("order-row")).toContainText("Pengembalian diminta");
  await expect(page.getByTestId("quota-available")).toHaveText("0");

  const operator = await browser.newPage();
  await signIn(operator, demo.operator);
  await operator.goto("/admin/orders");
  await operator.getByLabel("Cari (nomor pesanan atau e-mail)").fill(buyer.email);
  await operator.getByLabel("Status").selectOption("REFUND_REQUESTED");
  await operator.getByRole("button", { name: "Cari" }).click();
  await expect(operator.getByRole("row").filter({ hasText: buyer.email })).toHaveCount(1);
  await operator.getByRole("button", { name: "Setujui pengembalian" }).click();
  // Approved: the order leaves the list of refunds waiting for a decision.
  await expect(operator.getByRole("row").filter({ hasText: buyer.email })).toHaveCount(0);
  await operator.getByRole("button", { name: "Jalankan rekonsiliasi sekarang" }).click();
  await expect(operator.getByRole("status").filter({ hasText: /Diperiksa \d+/ })).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("order-row")).toContainText("Dana dikembalikan");
  await expect(page.getByTestId("quota-available")).toHaveText("0");
});
