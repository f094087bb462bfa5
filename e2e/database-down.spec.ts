// Pages get the API's guarantee when the database does not answer (issue 14): a page whose render fails
// on it is answered 503 + Retry-After with the small self-contained page, not Next's error page; the
// status page keeps serving. Its own production server on a PostgreSQL database of its own, which the
// test takes away for real (DROP DATABASE … WITH (FORCE)).
import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { postgresAdmin, postgresDatabaseUrl } from "@/test/helpers/postgres-admin";
import { startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";

test.setTimeout(120_000);

const name = `e2e_down_${randomBytes(4).toString("hex")}`;
let server: TPortalServer;

test.beforeAll(async () => {
  await postgresAdmin(`CREATE DATABASE "${name}"`);
  server = await startPortalServer({ env: { DATABASE_URL: postgresDatabaseUrl(name), PROBE_INTERVAL_SECONDS: "0", RECONCILE_INTERVAL_SECONDS: "0" } });
});

test.afterAll(async () => {
  await server?.stop();
  await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

test("with the database gone, a page answers 503 + Retry-After with the small page, and /status keeps serving", async ({ page }) => {
  const serial = "0".repeat(22);
  const before = await fetch(`${server.url}/v/${serial}`);
  expect(before.status).toBe(200);
  await before.text();

  await postgresAdmin(`DROP DATABASE "${name}" WITH (FORCE)`);

  const after = await fetch(`${server.url}/v/${serial}`);
  expect(after.status).toBe(503);
  expect(Number(after.headers.get("retry-after"))).toBeGreaterThan(0);
  const html = await after.text();
  expect(html).toContain("Tidak ada pembayaran atau kuota yang hilang");
  expect(html).toContain("No payment or quota was lost");
  expect(html.length).toBeLessThan(4_000);
  expect(html).not.toContain("/_next/");

  // In a browser: the small page, in both languages, with a way to the status page.
  await page.goto(`${server.url}/v/${serial}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Status" })).toHaveAttribute("href", "/status");

  // Load balancers see it too, and the status page still answers from its last published state.
  expect((await fetch(`${server.url}/api/health`)).status).toBe(503);
  const status = await fetch(`${server.url}/status`);
  expect(status.status).toBe(200);
});
