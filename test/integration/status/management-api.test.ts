import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { makeUser } from "@/test/helpers/factories";
import { createApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { ensureStatusComponents } from "@/lib/status/ensure-components";
import { POST as createIncidentRoute } from "@/app/api/v1/admin/incidents/route";
import { POST as postUpdateRoute } from "@/app/api/v1/admin/incidents/[id]/updates/route";
import { PATCH as patchComponentRoute } from "@/app/api/v1/admin/components/[id]/route";
import { POST as createMaintenanceRoute } from "@/app/api/v1/admin/maintenances/route";
import { renderMetrics } from "@/lib/metrics";

const database = useTestDatabase();
const base = "http://127.0.0.1:3000/api/v1/admin";

function call(handler: (r: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string, method: string, token: string | null, body: unknown, params: Record<string, string> = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return handler(new Request(`${base}${path}`, { method, headers, body: typeof body === "string" ? body : JSON.stringify(body) }), { params: Promise.resolve(params) });
}

describe(`status management API (${database.kind})`, () => {
  test("operators with a token create, update and resolve incidents, set components and schedule maintenance; others are refused", async () => {
    await ensureStatusComponents();
    const operator = await makeUser("OPERATOR");
    const applicant = await makeUser("APPLICANT");
    const opToken = (await createApiToken({ userId: operator.id, name: "alerts", actor: { id: operator.id, label: operator.email } })).secret;
    const apToken = (await createApiToken({ userId: applicant.id, name: "x", actor: { id: applicant.id, label: applicant.email } })).secret;
    const affixing = await db().statusComponent.findUniqueOrThrow({ where: { slug: "affixing" }, select: { id: true } });
    const good = { name: "Antrean pembubuhan panjang", status: "investigating", impact: "minor", body: "Sedang diselidiki.", componentIds: [affixing.id] };

    assert.equal((await call(createIncidentRoute, "/incidents", "POST", null, good)).status, 401);
    assert.equal((await call(createIncidentRoute, "/incidents", "POST", apToken, good)).status, 403);
    const badEnum = await call(createIncidentRoute, "/incidents", "POST", opToken, { ...good, impact: "huge" });
    assert.equal(badEnum.status, 400);
    assert.equal((await badEnum.json()).error.details.issues[0].field, "impact");
    assert.equal((await call(createIncidentRoute, "/incidents", "POST", opToken, "{not json")).status, 400);
    const unknown = await call(createIncidentRoute, "/incidents", "POST", opToken, { ...good, componentIds: ["nope"] });
    assert.equal(unknown.status, 400);
    assert.deepEqual((await unknown.json()).error.details.unknownComponentIds, ["nope"]);

    const created = await call(createIncidentRoute, "/incidents", "POST", opToken, good);
    assert.equal(created.status, 201);
    const { incident } = await created.json();
    const upd = await call(postUpdateRoute, `/incidents/${incident.id}/updates`, "POST", opToken, { status: "resolved", body: "Selesai." }, { id: incident.id });
    assert.equal(upd.status, 201);
    assert.equal((await upd.json()).update.resolved, true);
    assert.equal((await call(postUpdateRoute, "/incidents/missing/updates", "POST", opToken, { status: "identified", body: "x" }, { id: "missing" })).status, 404);

    const patched = await call(patchComponentRoute, "/components/api", "PATCH", opToken, { status: "degraded_performance" }, { id: "api" });
    assert.equal(patched.status, 200);
    assert.equal((await patched.json()).component.status, "degraded_performance");
    assert.equal((await call(patchComponentRoute, "/components/api", "PATCH", opToken, { status: "down" }, { id: "api" })).status, 400);

    const backwards = await call(createMaintenanceRoute, "/maintenances", "POST", opToken, { name: "m", body: "b", scheduledFor: "2030-01-02T00:00:00Z", scheduledUntil: "2030-01-01T00:00:00Z", componentIds: [] });
    assert.equal(backwards.status, 400);
    const m = await call(createMaintenanceRoute, "/maintenances", "POST", opToken, { name: "Pemeliharaan", body: "b", scheduledFor: "2030-01-01T00:00:00+07:00", scheduledUntil: "2030-01-01T02:00:00+07:00", componentIds: ["purchase"] });
    assert.equal(m.status, 201);
    assert.equal((await m.json()).maintenance.status, "scheduled");

    const audit = await db().auditEntry.findMany({ where: { action: { startsWith: "status." } }, select: { action: true, actorLabel: true } });
    assert.deepEqual(audit.map((a) => a.action).sort(), ["status.component.set", "status.incident.create", "status.incident.resolve", "status.maintenance.schedule"]);
    assert.ok(audit.every((a) => a.actorLabel === operator.email));
    // apiHandler counts every API call for /metrics.
    assert.match(await renderMetrics(), /portal_http_requests_total\{route="POST \/api\/v1\/admin\/incidents",status="201"\} 1/);
    assert.match(await renderMetrics(), /portal_http_requests_total\{route="POST \/api\/v1\/admin\/incidents",status="401"\} 1/);
  });
});
