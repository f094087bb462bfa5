import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demo, signIn } from "./helpers";
import { corpus, flipByteInSignedRange, zipOf } from "@/test/unit/verification/fixtures";
import { readSignatures } from "@/lib/pdf/read-signatures";

// A committee member uploads a ZIP of a valid, a tampered and an unstamped application and downloads
// a CSV with the right verdicts. The stamped file is made by the portal's own affixing code against
// the running server's database and keys.
test("a verifier verifies a ZIP in bulk and downloads the CSV with the right verdicts", async ({ page }) => {
  const dataDir = process.env.E2E_DATA_DIR!;
  const work = mkdtempSync(join(tmpdir(), "e2e-verify-"));
  const original = join(work, "original.pdf");
  const stampedPath = join(work, "stamped.pdf");
  writeFileSync(original, corpus("normal.pdf"));
  const serial = execFileSync("npx", ["tsx", "--conditions=react-server", "e2e/affix-for-e2e.ts", dataDir, original, stampedPath], { encoding: "utf8" }).trim().split("\n").pop();
  const stamped = new Uint8Array(readFileSync(stampedPath));
  const tampered = flipByteInSignedRange(stamped, readSignatures(stamped).signatures[0].byteRange);
  const zip = zipOf([
    { name: "pelamar-1.pdf", bytes: stamped },
    { name: "pelamar-2.pdf", bytes: tampered },
    { name: "pelamar-3.pdf", bytes: corpus("us_constitution.pdf") },
  ]);

  await signIn(page, demo.verifier);
  await page.goto("/verify/bulk");
  // The server upload is the fallback under the in-browser verification.
  await page.getByText("Verifikasi di server (cadangan)").click();
  await page.getByLabel("Berkas PDF atau ZIP").setInputFiles({ name: "lamaran.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
  await page.getByRole("button", { name: "Mulai verifikasi" }).click();
  await expect(page).toHaveURL(/\/verify\/bulk\/[a-z0-9]+$/);
  await expect(page.getByRole("status").first()).toContainText("3/3", { timeout: 30_000 });
  await expect(page.getByRole("status").first()).toContainText("Selesai");
  await expect(page.getByRole("cell", { name: serial, exact: true }).first()).toBeVisible();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Unduh CSV" }).click();
  const csv = readFileSync(await (await downloadPromise).path(), "utf8");
  const verdictOf = (file: string) => csv.split("\r\n").find((line) => line.startsWith(`lamaran.zip/${file},`))?.split(",")[1];
  expect(verdictOf("pelamar-1.pdf")).toBe("VALID");
  expect(verdictOf("pelamar-2.pdf")).toBe("TAMPERED");
  expect(verdictOf("pelamar-3.pdf")).toBe("NOT_STAMPED");
  expect(csv).toContain(serial!);

  // Filtering the table by verdict.
  await page.getByLabel("Saring menurut hasil").selectOption("TAMPERED");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText("pelamar-2.pdf");

  // The batch is in the verifier's history.
  await page.goto("/verify/bulk");
  await expect(page.getByRole("link", { name: "Buka" }).first()).toBeVisible();
});

test("the public page verifies one uploaded PDF and the QR URL shows the serial's status", async ({ page }) => {
  await page.goto("/verify");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Berkas PDF").setInputFiles({ name: "plain.pdf", mimeType: "application/pdf", buffer: Buffer.from(corpus("normal.pdf")) });
  await page.getByRole("button", { name: "Verifikasi" }).click();
  await expect(page.getByRole("heading", { name: /TIDAK BERMETERAI/ })).toBeVisible();
  await page.goto("/v/0000000000000000000000");
  await expect(page.getByRole("status")).toContainText(/tidak pernah diterbitkan|tidak valid/);
});
