// What status clients read, checked with independent clients against a real server (`node server.mjs`
// on its own port and data folder):
// - statuspage.io (npm), a Statuspage v2 API client written by someone else, pointed at the portal;
// - Atlassian's own status widget (@statuspage/status-widget on npm, its dist/index.js as published),
//   loaded in Chromium from a second origin (another local HTTP server on another port), through
//   maintenance, an incident and the all-clear, reading the colour it paints each time;
// - a preflighted fetch (a non-simple header) from that origin;
// - a restart, after which the ETag and every updated_at must be what they were;
// - @seriousme/openapi-schema-validator (npm), an OpenAPI 3.1 validator, on /api/v1/openapi.json.
import { expect, test, type Browser } from "@playwright/test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { Statuspage } from "statuspage.io";
import { freePort } from "@/test/helpers/free-port";
import { admin, startPortalServer, type TPortalServer } from "@/test/helpers/portal-server";

// The widget's own colours (its templates/basic.ts): none #2ecc71, minor #f1c40f, major #e67e22,
// critical #e74c3c, maintenance #3498db.
const WIDGET_COLOURS = { none: "rgb(46, 204, 113)", major: "rgb(230, 126, 34)", maintenance: "rgb(52, 152, 219)" };
const widgetScript = readFileSync(path.resolve("node_modules/@statuspage/status-widget/dist/index.js"));

/** The second origin: a page embedding the widget, and the widget's script, as a customer's site would serve them. */
function startEmbeddingSite(portalUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>A site that embeds the status</title></head><body>
<statuspage-widget src="${portalUrl}" appearance="basic"></statuspage-widget>
<statuspage-widget src="${portalUrl}" appearance="badge" title="e-Meterai"></statuspage-widget>
<script src="/status-widget.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === "/status-widget.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(widgetScript);
    else res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** A fresh browser context each time, so neither the widget's nor the browser's cache answers for the portal. */
async function widgetColours(browser: Browser, siteUrl: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(siteUrl);
    const basic = page.locator("statuspage-widget[appearance=basic] .status-indicator");
    const badge = page.locator("statuspage-widget[appearance=badge] .status-indicator");
    await expect(basic).toBeVisible();
    const colour = (l: typeof basic) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
    return { basic: await colour(basic), badge: await colour(badge), text: (await page.locator("statuspage-widget[appearance=basic] .status-text").textContent())?.trim() };
  } finally {
    await context.close();
  }
}

async function operator(server: TPortalServer, token: string, method: string, route: string, body?: object) {
  const r = await fetch(`${server.url}/api/v1/admin/${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(r.status, `${method} ${route}: ${await r.clone().text()}`).toBeLessThan(300);
  return r.json();
}

/** statuspage.io's types predate affected_components; the field is Statuspage's all the same. */
const affected = (update: object) => (update as { affected_components?: unknown }).affected_components;

const V2_PATHS = ["summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json", "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json"];

/** Every updated_at in a v2 body (the page's, the components', the incidents' and their updates'), by where it is. */
function updatedAts(value: unknown, at = ""): Record<string, string> {
  if (Array.isArray(value)) return Object.assign({}, ...value.map((v, i) => updatedAts(v, `${at}[${(v as { id?: string })?.id ?? i}]`)));
  if (!value || typeof value !== "object") return {};
  const own = "updated_at" in value ? { [`${at}.updated_at`]: String((value as { updated_at: unknown }).updated_at) } : {};
  return Object.assign(own, ...Object.entries(value).map(([k, v]) => updatedAts(v, `${at}.${k}`)));
}

async function v2Snapshot(url: string) {
  const out: Record<string, { etag: string | null; updatedAts: Record<string, string> }> = {};
  for (const p of V2_PATHS) {
    const r = await fetch(`${url}/api/v2/${p}`);
    expect(r.status, p).toBe(200);
    out[p] = { etag: r.headers.get("etag"), updatedAts: updatedAts(await r.json()) };
  }
  return out;
}

test.describe.configure({ mode: "serial" });
test.setTimeout(300_000);

test("status clients: a Statuspage client, Atlassian's widget from another origin, CORS, stable timestamps across a restart, a valid OpenAPI document", async ({ browser }) => {
  const port = await freePort();
  let server = await startPortalServer({ port, env: { PROBE_INTERVAL_SECONDS: "0" } });
  const dataDir = server.dataDir;
  const site = await startEmbeddingSite(server.url);
  try {
    const token = admin(server, ["create-token", "--email", "operator@demo.local", "--name", "status-clients"]);
    const client = new Statuspage("portal");
    client.setApiUrl(server.url);

    // All clear: green in the widget; page.url is the site root, so a client finds the API below it.
    let summary = await client.api.getSummary();
    expect(summary.status.indicator).toBe("none");
    expect(summary.components).toHaveLength(6);
    expect(summary.page.url).toBe(server.url);
    expect((await fetch(new URL("/api/v2/summary.json", summary.page.url))).status).toBe(200);
    expect(await widgetColours(browser, site.url)).toEqual({ basic: WIDGET_COLOURS.none, badge: WIDGET_COLOURS.none, text: "All Systems Operational" });

    // Maintenance under way, nothing else: Statuspage's "maintenance" indicator, the widget's blue.
    const { maintenance } = await operator(server, token, "POST", "maintenances", {
      name: "Pemeliharaan basis data",
      body: "Rutin.",
      scheduledFor: new Date(Date.now() + 60_000).toISOString(),
      scheduledUntil: new Date(Date.now() + 3_600_000).toISOString(),
      componentIds: ["purchase"],
    });
    await operator(server, token, "PATCH", `maintenances/${maintenance.id}`, { status: "in_progress" });
    expect((await client.api.getStatus()).status).toEqual({ indicator: "maintenance", description: "Service Under Maintenance" });
    expect(await widgetColours(browser, site.url)).toEqual({ basic: WIDGET_COLOURS.maintenance, badge: WIDGET_COLOURS.maintenance, text: "Service Under Maintenance" });
    // (statuspage.io 3.3.8's scheduledMaintenances.getAll() and getActive() both ask for upcoming.json: the summary lists active ones.)
    const active = (await client.api.getSummary()).scheduled_maintenances.find((m) => m.id === maintenance.id);
    expect(active?.status).toBe("in_progress");
    // The update that started it says what it changed.
    expect(affected(active!.incident_updates[0])).toEqual([{ code: expect.any(String), name: "Purchase", old_status: "operational", new_status: "under_maintenance" }]);
    await operator(server, token, "PATCH", `maintenances/${maintenance.id}`, { status: "completed" });

    // An incident: the widget's orange for "major"; its created_at is its first update's.
    const { incident } = await operator(server, token, "POST", "incidents", { name: "Pembubuhan lambat", impact: "major", body: "Kami sedang menyelidiki.", componentIds: ["affixing"] });
    const unresolved = await client.api.incidents.getUnresolved();
    const open = unresolved.incidents.find((i) => i.id === incident.id)!;
    expect(open.impact).toBe("major");
    expect(open.created_at).toBe(open.incident_updates.at(-1)!.created_at);
    expect(affected(open.incident_updates[0])).toEqual([{ code: expect.any(String), name: "Affixing", old_status: "operational", new_status: "partial_outage" }]);
    expect(await widgetColours(browser, site.url)).toEqual({ basic: WIDGET_COLOURS.major, badge: WIDGET_COLOURS.major, text: "Partial System Outage" });

    // A preflighted fetch from the other origin (Cache-Control is not a simple header), reading the ETag.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    const fromSite = await page.evaluate(async (portal) => {
      const r = await fetch(`${portal}/api/v2/summary.json`, { headers: { "Cache-Control": "no-cache" } });
      const feed = await fetch(`${portal}/status/feed.atom`);
      const missing = await fetch(`${portal}/api/v2/incidents/resolved.json`);
      return { status: r.status, etag: r.headers.get("ETag"), indicator: (await r.json()).status.indicator, feed: feed.status, atom: await feed.text(), missing: missing.status, missingType: missing.headers.get("content-type") };
    }, server.url);
    await context.close();
    expect(fromSite).toMatchObject({ status: 200, indicator: "major", feed: 200, missing: 404 });
    expect(fromSite.etag).toMatch(/^"/);
    expect(fromSite.missingType).toMatch(/^application\/json/);
    // Atom ids are URIs a feed reader accepts (RFC 4151 tag: URIs cannot carry a port).
    for (const [, id] of fromSite.atom.matchAll(/<entry><id>([^<]+)<\/id>/g)) expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // All clear again: green.
    await operator(server, token, "POST", `incidents/${incident.id}/updates`, { status: "resolved", body: "Selesai." });
    summary = await client.api.getSummary();
    expect(summary.status.indicator).toBe("none");
    expect(summary.components.every((c) => c.status === "operational")).toBe(true);
    expect(await widgetColours(browser, site.url)).toEqual({ basic: WIDGET_COLOURS.none, badge: WIDGET_COLOURS.none, text: "All Systems Operational" });

    // A hidden draft changes nothing public: not updated_at, not the ETag.
    const before = await v2Snapshot(server.url);
    await operator(server, token, "POST", "incidents", { name: "Draf", impact: "minor", body: "b", componentIds: ["api"], isDraft: true });
    expect(await v2Snapshot(server.url)).toEqual(before);

    // Conditional requests: If-None-Match and If-Modified-Since both give 304.
    const first = await fetch(`${server.url}/api/v2/summary.json`);
    const lastModified = first.headers.get("last-modified");
    expect(lastModified).toBeTruthy();
    expect((await fetch(`${server.url}/api/v2/summary.json`, { headers: { "If-Modified-Since": lastModified! } })).status).toBe(304);

    // A restart rewrites nothing: the same ETags, every updated_at the same, and a conditional request is a 304.
    await server.stop({ keepData: true });
    server = await startPortalServer({ port, dataDir, env: { PROBE_INTERVAL_SECONDS: "0" } });
    expect(await v2Snapshot(server.url)).toEqual(before);
    expect((await fetch(`${server.url}/api/v2/summary.json`, { headers: { "If-None-Match": before["summary.json"].etag! } })).status).toBe(304);

    // The OpenAPI document, checked by an independent validator; no embedded $schema, no bare {type: object} answers.
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(JSON.stringify(document)).not.toContain('"$schema"');
    for (const [route, item] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.["application/json"]?.schema;
          if (status.startsWith("2") && schema) expect(schema.$ref ?? schema.properties, `${method} ${route} ${status}`).toBeTruthy();
        }
      }
    }
    // The webhook's replay is documented as a 200, like every accepted notification.
    expect(document.paths["/api/v1/payments/notifications/{provider}"].post.description).toMatch(/replayed notification is answered 200/);
  } finally {
    await site.close();
    await server.stop();
  }
});
