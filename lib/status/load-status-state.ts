import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { TIME_ZONE, jakartaDay, jakartaDayStart, type TComponentStatus, type TImpact, type TIncidentStatus, type TMaintenanceStatus } from "./catalog";
import { queueSummariesForStatus } from "./queue-summary";
import { z } from "zod";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import { ZAffectedComponent, type TStateIncident, type TStatusState } from "./state";
import { buildUptimeDays, lastDays, UPTIME_DAYS, type TDayCounts, type TIncidentSpan } from "./uptime";
import { processSingleton } from "@/lib/process-singleton";

const RECENT_INCIDENTS = 50;

// Finished days do not change (samples are only ever appended now): count them once per process.
const dayCounts = processSingleton("status-day-counts", () => new Map<string, Map<string, TDayCounts>>());

async function countsForDay(day: string, today: string): Promise<Map<string, TDayCounts>> {
  const cached = dayCounts.get(day);
  if (cached && day !== today) return cached;
  const from = jakartaDayStart(day);
  const rows = await db().healthSample.groupBy({
    by: ["componentId", "ok"],
    where: { createdAt: { gte: from, lt: new Date(from.getTime() + 86_400_000) } },
    _count: { _all: true },
  });
  const map = new Map<string, TDayCounts>();
  for (const r of rows) {
    const c = map.get(r.componentId) ?? { ok: 0, failed: 0 };
    if (r.ok) c.ok += r._count._all;
    else c.failed += r._count._all;
    map.set(r.componentId, c);
  }
  dayCounts.set(day, map);
  for (const key of dayCounts.keys()) if (key < jakartaDay(Date.now() - (UPTIME_DAYS + 1) * 86_400_000)) dayCounts.delete(key);
  return map;
}

/** Forget cached day counts (tests that insert samples in the past). */
export function forgetUptimeCache() {
  dayCounts.clear();
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `url` is the site's root, as Statuspage's page.url is: clients build `${url}/api/v2/summary.json` from it. */
export function pageInfo() {
  const url = env().publicUrl;
  return { id: createHash("sha256").update(url).digest("hex").slice(0, 12), name: "Portal e-Meterai", url, statusUrl: `${url}/status`, timeZone: TIME_ZONE };
}

const readAffected = (text: string | null) => readStoredJsonOr(z.array(ZAffectedComponent), text, []);

/** The latest instant anything published changed: so updated_at (and the ETag) stay put across restarts and drafts. */
function lastChange(components: { updatedAt: Date }[], incidents: TStateIncident[]): string {
  let latest = 0;
  for (const c of components) latest = Math.max(latest, c.updatedAt.getTime());
  for (const i of incidents) {
    latest = Math.max(latest, Date.parse(i.updatedAt), Date.parse(i.publishedAt ?? i.createdAt));
    for (const u of i.updates) latest = Math.max(latest, Date.parse(u.createdAt));
  }
  return new Date(latest).toISOString();
}

/** Reads the published state from the database (drafts are never part of it). */
export async function loadStatusState(now = new Date()): Promise<Omit<TStatusState, "version" | "source"> & { contentHash: string }> {
  const since = new Date(now.getTime() - UPTIME_DAYS * 86_400_000);
  const incidentSelect = {
    id: true, kind: true, name: true, status: true, impact: true, createdAt: true, updatedAt: true, publishedAt: true,
    startedAt: true, resolvedAt: true, scheduledFor: true, scheduledUntil: true,
    components: { select: { componentId: true } },
    updates: { select: { id: true, status: true, body: true, createdAt: true, displayAt: true, affectedComponents: true }, orderBy: [{ displayAt: "desc" as const }, { createdAt: "desc" as const }] },
  };
  const [components, openRows, recentRows] = await Promise.all([
    db().statusComponent.findMany({ orderBy: { position: "asc" }, select: { id: true, slug: true, name: true, nameEn: true, description: true, status: true, position: true, createdAt: true, updatedAt: true } }),
    db().incident.findMany({ where: { isDraft: false, resolvedAt: null }, orderBy: { createdAt: "desc" }, take: 200, select: incidentSelect }),
    db().incident.findMany({ where: { isDraft: false, OR: [{ resolvedAt: { gte: since } }, { createdAt: { gte: since } }] }, orderBy: { createdAt: "desc" }, take: RECENT_INCIDENTS * 2, select: incidentSelect }),
  ]);
  const byId = new Map<string, (typeof openRows)[number]>();
  for (const r of [...openRows, ...recentRows]) byId.set(r.id, r);
  const all: TStateIncident[] = [...byId.values()]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((r) => ({
      id: r.id,
      kind: r.kind === "maintenance" ? "maintenance" : "incident",
      name: r.name,
      status: r.status as TIncidentStatus | TMaintenanceStatus,
      impact: r.impact as TImpact | "maintenance",
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      publishedAt: iso(r.publishedAt),
      startedAt: iso(r.startedAt),
      resolvedAt: iso(r.resolvedAt),
      monitoringAt: iso([...r.updates].reverse().find((u) => u.status === "monitoring")?.createdAt ?? null),
      scheduledFor: iso(r.scheduledFor),
      scheduledUntil: iso(r.scheduledUntil),
      componentIds: r.components.map((c) => c.componentId).sort(),
      updates: r.updates.map((u) => ({ id: u.id, status: u.status, body: u.body, createdAt: u.createdAt.toISOString(), displayAt: u.displayAt.toISOString(), affectedComponents: readAffected(u.affectedComponents) })),
    }));

  const days = lastDays(now);
  const today = days[days.length - 1];
  const perDay = new Map<string, Map<string, TDayCounts>>();
  for (const day of days) perDay.set(day, await countsForDay(day, today));

  const stateComponents = components.map((c) => {
    const counts = new Map<string, TDayCounts>();
    for (const day of days) {
      const v = perDay.get(day)?.get(c.id);
      if (v) counts.set(day, v);
    }
    const spans: TIncidentSpan[] = all
      .filter((i) => i.componentIds.includes(c.id) && (i.kind === "incident" || i.startedAt))
      .map((i) => ({ from: new Date(i.kind === "maintenance" ? i.startedAt! : (i.startedAt ?? i.createdAt)), until: i.resolvedAt ? new Date(i.resolvedAt) : null, impact: i.impact }));
    const uptime = buildUptimeDays({ days, counts, spans, now });
    return {
      id: c.id, slug: c.slug, name: c.name, nameEn: c.nameEn, description: c.description,
      status: c.status as TComponentStatus, position: c.position,
      createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
      uptimePercent: uptime.uptimePercent, days: uptime.days,
    };
  });

  const state = {
    page: pageInfo(),
    updatedAt: lastChange(components, all),
    components: stateComponents,
    incidents: all.filter((i) => i.kind === "incident").slice(0, RECENT_INCIDENTS + 20),
    maintenances: all.filter((i) => i.kind === "maintenance").slice(0, RECENT_INCIDENTS + 20),
    queues: await queueSummariesForStatus(),
  };
  return { ...state, contentHash: createHash("sha256").update(JSON.stringify(state)).digest("base64url").slice(0, 22) };
}
