import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeAjv } from "@/test/unit/status/ajv";
import { db } from "@/lib/db/client";
import { ensureStatusComponents } from "@/lib/status/ensure-components";
import { createIncident } from "@/lib/status/create-incident";
import { postIncidentUpdate } from "@/lib/status/post-incident-update";
import { publishIncident } from "@/lib/status/publish-incident";
import { setComponentStatus } from "@/lib/status/set-component-status";
import { scheduleMaintenance } from "@/lib/status/schedule-maintenance";
import { advanceMaintenance } from "@/lib/status/advance-maintenance";
import { getStatusState } from "@/lib/status/status-cache";
import { v2JsonSchemas } from "@/lib/status/schemas/statuspage-v2";
import { V2_ENDPOINTS } from "@/lib/status/statuspage-v2";
import { v2Route, statusPageRoute, atomRoute, rssRoute } from "@/lib/status/routes";
import { runProbes } from "@/lib/status/prober/run-probes";
import { forgetUptimeCache } from "@/lib/status/load-status-state";
import { readSnapshot } from "@/lib/status/snapshot";
import { registeredProbes } from "@/lib/status/prober/probes";

const database = useTestDatabase();
const actor = { id: null, label: "test-operator" };
const base = "http://127.0.0.1:3000";

async function getJson(path: string) {
  const ep = V2_ENDPOINTS.find((e) => e.path === path)!;
  const res = await v2Route(ep.build, ep.path)(new Request(`${base}/api/v2/${path}`));
  assert.equal(res.status, 200);
  return { res, json: await res.json() };
}

async function componentIds() {
  const rows = await db().statusComponent.findMany({ orderBy: { position: "asc" }, select: { id: true, slug: true, status: true } });
  return Object.fromEntries(rows.map((r) => [r.slug, r]));
}

describe(`status page (${database.kind})`, () => {
  test("the six components are created idempotently", async () => {
    await ensureStatusComponents();
    await ensureStatusComponents();
    const rows = await db().statusComponent.findMany({ orderBy: { position: "asc" }, select: { slug: true, name: true, nameEn: true } });
    assert.deepEqual(rows.map((r) => r.nameEn), ["Purchase", "Payments", "Affixing", "Verification", "API", "Queue"]);
    assert.deepEqual(rows.map((r) => r.name), ["Pembelian", "Pembayaran", "Pembubuhan", "Verifikasi", "API", "Antrean"]);
  });

  test("an incident goes from investigating to resolved; the page, the JSON and the feeds follow every step, all audited", async () => {
    const c = await componentIds();
    const incident = await createIncident({ name: "Pembubuhan lambat", status: "investigating", impact: "major", body: "Kami sedang menyelidiki.", componentIds: [c.affixing.id, "payments"], isDraft: false, actor });
    let { json } = await getJson("summary.json");
    assert.equal(json.status.indicator, "major");
    assert.equal(json.incidents.length, 1);
    assert.equal(json.incidents[0].status, "investigating");
    assert.deepEqual(json.components.filter((x: { status: string }) => x.status !== "operational").map((x: { name: string }) => x.name).sort(), ["Affixing", "Payments"]);
    assert.equal(json.components.find((x: { name: string }) => x.name === "Affixing").status, "partial_outage");

    await postIncidentUpdate({ incidentId: incident.id, status: "identified", body: "Penyebab ditemukan: antrean tanda tangan.", actor });
    await postIncidentUpdate({ incidentId: incident.id, status: "monitoring", body: "Perbaikan dipasang.", actor });
    ({ json } = await getJson("incidents/unresolved.json"));
    assert.deepEqual(json.incidents[0].incident_updates.map((u: { status: string }) => u.status), ["monitoring", "identified", "investigating"]);
    assert.ok(json.incidents[0].monitoring_at);

    const html = await (await statusPageRoute(new Request(`${base}/status?lang=en`))).text();
    assert.match(html, /Pembubuhan lambat/);
    assert.match(html, /Perbaikan dipasang\./);
    assert.match(html, /WIB/);

    await postIncidentUpdate({ incidentId: incident.id, status: "resolved", body: "Selesai.", actor });
    ({ json } = await getJson("summary.json"));
    assert.equal(json.incidents.length, 0);
    assert.equal(json.status.indicator, "none");
    assert.ok(json.components.every((x: { status: string }) => x.status === "operational"));
    ({ json } = await getJson("incidents.json"));
    assert.equal(json.incidents[0].status, "resolved");
    assert.ok(json.incidents[0].resolved_at);

    const atom = await (await atomRoute(new Request(`${base}/status/feed.atom`))).text();
    assert.match(atom, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(atom, /\[resolved\] Pembubuhan lambat/);
    const rss = await (await rssRoute(new Request(`${base}/status/feed.rss`))).text();
    assert.match(rss, /<rss version="2.0"/);
    assert.match(rss, /Selesai\./);

    const audit = await db().auditEntry.findMany({ where: { targetId: incident.id }, orderBy: { seq: "asc" }, select: { action: true } });
    assert.deepEqual(audit.map((a) => a.action), ["status.incident.create", "status.incident.update", "status.incident.update", "status.incident.resolve"]);
    await assert.rejects(postIncidentUpdate({ incidentId: incident.id, status: "identified", body: "x", actor }), /CONFLICT/);
  });

  test("unknown components are refused with their ids", async () => {
    await assert.rejects(createIncident({ name: "x", status: "investigating", impact: "minor", body: "y", componentIds: ["nope"], isDraft: false, actor }), (e: { code: string; details: { unknownComponentIds: string[] } }) => e.code === "INVALID_INPUT" && e.details.unknownComponentIds[0] === "nope");
  });

  test("drafts stay private until published", async () => {
    const c = await componentIds();
    const draft = await createIncident({ name: "Draf rahasia", status: "investigating", impact: "minor", body: "b", componentIds: [c.api.id], isDraft: true, actor });
    let { json } = await getJson("incidents.json");
    assert.ok(!json.incidents.some((i: { name: string }) => i.name === "Draf rahasia"));
    assert.equal((await componentIds()).api.status, "operational");
    await publishIncident({ incidentId: draft.id, actor });
    ({ json } = await getJson("incidents/unresolved.json"));
    assert.ok(json.incidents.some((i: { name: string }) => i.name === "Draf rahasia"));
    assert.equal((await componentIds()).api.status, "degraded_performance");
    await assert.rejects(publishIncident({ incidentId: draft.id, actor }), /CONFLICT/);
    await postIncidentUpdate({ incidentId: draft.id, status: "resolved", body: "ok", actor });
  });

  test("maintenance is scheduled, started and completed, and listed in the right feeds", async () => {
    const c = await componentIds();
    const m = await scheduleMaintenance({ name: "Pemeliharaan basis data", body: "Rutin.", scheduledFor: new Date(Date.now() + 3600_000), scheduledUntil: new Date(Date.now() + 7200_000), componentIds: [c.purchase.id], actor });
    let { json } = await getJson("scheduled-maintenances/upcoming.json");
    assert.equal(json.scheduled_maintenances[0].status, "scheduled");
    await advanceMaintenance({ maintenanceId: m.id, status: "in_progress", actor });
    ({ json } = await getJson("scheduled-maintenances/active.json"));
    assert.equal(json.scheduled_maintenances[0].id, m.id);
    assert.equal((await componentIds()).purchase.status, "under_maintenance");
    ({ json } = await getJson("status.json"));
    assert.equal(json.status.description, "Service Under Maintenance");
    assert.equal(json.status.indicator, "maintenance", "Statuspage's indicator while maintenance is under way");
    await advanceMaintenance({ maintenanceId: m.id, status: "completed", actor });
    assert.equal((await componentIds()).purchase.status, "operational");
    ({ json } = await getJson("scheduled-maintenances.json"));
    assert.equal(json.scheduled_maintenances[0].status, "completed");
    await assert.rejects(advanceMaintenance({ maintenanceId: m.id, status: "in_progress", actor }), /CONFLICT/);
  });

  test("every v2 endpoint's real output matches its Statuspage JSON Schema, enums included", async () => {
    const c = await componentIds();
    // Something in every list: an open incident, an upcoming and an active maintenance.
    await createIncident({ name: "Open", status: "identified", impact: "minor", body: "b", componentIds: [c.queue.id], isDraft: false, actor });
    await scheduleMaintenance({ name: "Later", body: "b", scheduledFor: new Date(Date.now() + 86_400_000), scheduledUntil: new Date(Date.now() + 90_000_000), componentIds: [], actor });
    const now = await scheduleMaintenance({ name: "Now", body: "b", scheduledFor: new Date(), scheduledUntil: new Date(Date.now() + 3600_000), componentIds: [c.api.id], actor });
    await advanceMaintenance({ maintenanceId: now.id, status: "in_progress", actor });
    const ajv = makeAjv();
    const v2Schemas = v2JsonSchemas();
    for (const ep of V2_ENDPOINTS) {
      const { json } = await getJson(ep.path);
      const validate = ajv.compile(v2Schemas[ep.path]);
      assert.ok(validate(json), `${ep.path}: ${ajv.errorsText(validate.errors)}`);
      const lists = Object.values(json as Record<string, unknown>).filter((v): v is unknown[] => Array.isArray(v));
      for (const list of lists) assert.ok(list.length > 0, `${ep.path} should not be empty in this test`);
    }
    // The schema does reject a value outside the enums (the test can fail).
    const { json } = await getJson("summary.json");
    json.components[0].status = "down";
    assert.equal(ajv.compile(v2Schemas["summary.json"])(json), false);
    json.components[0].status = "operational";
    // "maintenance" is one of Statuspage's indicators (issue 20); "down" is not.
    json.status.indicator = "down";
    assert.equal(ajv.compile(v2Schemas["summary.json"])(json), false);
  });

  test("conditional GET: the same ETag gives 304; a publish changes it; Cache-Control has stale-while-revalidate", async () => {
    const first = await statusPageRoute(new Request(`${base}/status`));
    const etag = first.headers.get("etag")!;
    assert.match(first.headers.get("cache-control")!, /public, max-age=\d+, stale-while-revalidate=\d+/);
    const again = await statusPageRoute(new Request(`${base}/status`, { headers: { "If-None-Match": etag } }));
    assert.equal(again.status, 304);
    const json = await v2Route("summary", "summary.json")(new Request(`${base}/api/v2/summary.json`));
    const jsonAgain = await v2Route("summary", "summary.json")(new Request(`${base}/api/v2/summary.json`, { headers: { "If-None-Match": json.headers.get("etag")! } }));
    assert.equal(jsonAgain.status, 304);
    const c = await componentIds();
    await setComponentStatus({ componentId: c.verification.id, status: "partial_outage", actor });
    const after = await statusPageRoute(new Request(`${base}/status`, { headers: { "If-None-Match": etag } }));
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get("etag"), etag);
    await setComponentStatus({ componentId: "verification", status: "operational", actor });
  });

  test("the page: 90 focusable day segments per component with the day's uptime, and the snapshot on disk", async () => {
    const c = await componentIds();
    await db().healthSample.createMany({ data: [{ componentId: c.purchase.id, ok: true, latencyMs: 5 }, { componentId: c.purchase.id, ok: false, latencyMs: 5 }] });
    forgetUptimeCache();
    await setComponentStatus({ componentId: c.purchase.id, status: "operational", actor });
    const html = await (await statusPageRoute(new Request(`${base}/status?lang=id`))).text();
    assert.equal((html.match(/<li tabindex="0"/g) ?? []).length, 90 * 6);
    assert.match(html, /data-tip="[^"]*: 50\.00% · Gangguan besar"/);
    assert.match(html, /<link rel="alternate" type="application\/atom\+xml"/);
    const snapshot = readSnapshot();
    assert.ok(snapshot);
    assert.equal(snapshot.components.length, 6);
    assert.equal(snapshot.version, (await getStatusState()).version);
  });

  test("the prober opens a draft after N failures, and recovers the component when probes pass", async () => {
    let ok = false;
    const probe = async () => ({ ok, latencyMs: 3, detail: ok ? "fine" : "connection refused", unreachable: !ok });
    for (let i = 0; i < 3; i++) await runProbes({ probes: [["payments", probe]], failuresBeforeIncident: 3 });
    let c = await componentIds();
    assert.equal(c.payments.status, "major_outage");
    const draft = await db().incident.findFirst({ where: { autoOpened: true, isDraft: true }, select: { id: true, impact: true, updates: { select: { body: true } } } });
    assert.ok(draft);
    assert.equal(draft.impact, "major");
    ok = true;
    await runProbes({ probes: [["payments", probe]], failuresBeforeIncident: 3 });
    c = await componentIds();
    assert.equal(c.payments.status, "operational");
    const updates = await db().incidentUpdate.findMany({ where: { incidentId: draft.id }, select: { status: true } });
    assert.ok(updates.some((u) => u.status === "monitoring"));
    const samples = await db().healthSample.count({ where: { componentId: c.payments.id } });
    assert.equal(samples, 4);
  });

  test("the built-in probes run for real: database, simulator payments, a signed probe PDF, and its verification", async () => {
    const results = await runProbes({ probes: registeredProbes() });
    const bySlug = Object.fromEntries(results.map((r) => [r.slug, r.result]));
    for (const slug of ["purchase", "payments", "affixing", "verification", "api", "queue"]) assert.equal(bySlug[slug]?.ok, true, `${slug}: ${bySlug[slug]?.detail}`);
    assert.ok(await db().healthSample.count({ where: { detail: { contains: "signed probe PDF" } } }));
  });
});
