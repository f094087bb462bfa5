// Issue 18: axe-core on every public and applicant page, on a desktop and on a phone, with no serious or
// critical violation. One applicant with a paid order and a stamped document is made first, so that the
// pages show their real content (tables, cards, the receipt) rather than their empty states.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { affixWithSession, buyQuota, register, uniqueEmail } from "./helpers";

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

const PUBLIC_PAGES = ["/", "/sign-in", "/register", "/verify", "/status", "/help", "/privacy", "/terms", "/halaman-yang-tidak-ada", "/v/0000000000000000000000"];
const APPLICANT_PAGES = ["/account", "/buy", "/orders", "/affix", "/affix/history"];

type TApplicant = { storageState: Awaited<ReturnType<BrowserContext["storageState"]>>; orderId: string; serial: string };
let applicant: TApplicant;

async function makeApplicant(browser: Browser, baseURL: string): Promise<TApplicant> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, uniqueEmail("a11y"));
  await buyQuota(page, 2);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Surat pernyataan", { x: 72, y: 760, size: 14 });
  const response = await affixWithSession(page, baseURL, Buffer.from(await doc.save()), "A11Y-1");
  expect(response.status()).toBe(200);
  const serial = response.headers()["x-meterai-serials"].split(",")[0];
  const storageState = await context.storageState();
  await context.close();
  return { storageState, orderId, serial };
}

test.beforeAll(async ({ browser, baseURL }) => {
  applicant = await makeApplicant(browser, baseURL!);
});

// Each entry: the page's address (resolved once the applicant exists) and whether it is seen signed in.
const PAGES: { path: string; at: () => string; signedIn: boolean }[] = [
  ...PUBLIC_PAGES.map((path) => ({ path, at: () => path, signedIn: false })),
  { path: "/v/{serial}", at: () => `/v/${applicant.serial}`, signedIn: false },
  ...APPLICANT_PAGES.map((path) => ({ path, at: () => path, signedIn: true })),
  { path: "/buy/{order}", at: () => `/buy/${applicant.orderId}`, signedIn: true },
  { path: "/orders/{order}/receipt", at: () => `/orders/${applicant.orderId}/receipt`, signedIn: true },
];

for (const [size, viewport] of Object.entries(SIZES)) {
  test.describe(`at ${size} size (${viewport.width}×${viewport.height})`, () => {
    for (const { path, at, signedIn } of PAGES) {
      test(`${path} has no serious or critical axe violation`, async ({ browser }) => {
        // @axe-core/playwright needs pages from browser.newContext() (see STACK.md).
        const context = await browser.newContext({ viewport, ...(signedIn ? { storageState: applicant.storageState } : {}) });
        const page = await context.newPage();
        const response = await page.goto(at());
        expect(response!.status(), path).toBe(path === "/halaman-yang-tidak-ada" ? 404 : 200);
        await page.waitForLoadState("networkidle");
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
        const found = results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `[${v.impact}] ${v.id} — ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n    ")}`);
        await context.close();
        expect(found, found.join("\n")).toEqual([]);
      });
    }
  });
}
