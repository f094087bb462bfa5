// The public Statuspage v2 JSON (GET /api/v2/*.json), field for field, from the published state.
import type { TComponentStatus, TImpact, TIncidentStatus, TIndicator, TMaintenanceStatus } from "./catalog";
import { ZV2Bodies, type TV2Component, type TV2Incident, type TV2Maintenance, type TV2Page, type TV2Path, type TV2Status } from "./schemas/statuspage-v2";

/** Each endpoint's body schema, by path (the OpenAPI document describes the endpoints with them). */
export const V2_BODIES = ZV2Bodies;
import { isIncidentOpen, isMaintenanceActive, isMaintenanceUpcoming, type TStateIncident, type TStatusState } from "./state";

export function v2Page(state: TStatusState): TV2Page {
  return { id: state.page.id, name: state.page.name, url: state.page.url, time_zone: state.page.timeZone, updated_at: state.updatedAt };
}

export function v2Component(state: TStatusState, c: TStatusState["components"][number]): TV2Component {
  return {
    id: c.id,
    name: c.nameEn,
    status: c.status,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    position: c.position,
    description: c.description || null,
    showcase: true,
    start_date: c.createdAt.slice(0, 10),
    group_id: null,
    page_id: state.page.id,
    group: false,
    only_show_if_degraded: false,
  };
}

function v2Incident(state: TStatusState, i: TStateIncident): TV2Incident | TV2Maintenance {
  const components = state.components.filter((c) => i.componentIds.includes(c.id)).map((c) => v2Component(state, c));
  const nameOf = (id: string) => state.components.find((c) => c.id === id)?.nameEn ?? id;
  const base = {
    id: i.id,
    name: i.name,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    monitoring_at: i.monitoringAt,
    resolved_at: i.resolvedAt,
    shortlink: `${state.page.statusUrl}#${i.kind}-${i.id}`,
    started_at: i.startedAt ?? i.createdAt,
    page_id: state.page.id,
    incident_updates: i.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: i.id,
      created_at: u.createdAt,
      updated_at: u.createdAt,
      display_at: u.displayAt,
      affected_components: u.affectedComponents.length
        ? u.affectedComponents.map((a) => ({ code: a.code, name: nameOf(a.code), old_status: a.oldStatus, new_status: a.newStatus }))
        : null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components,
  };
  if (i.kind === "maintenance") {
    return { ...base, status: i.status as TMaintenanceStatus, impact: i.impact, scheduled_for: i.scheduledFor ?? i.createdAt, scheduled_until: i.scheduledUntil ?? i.createdAt } as TV2Maintenance;
  }
  return { ...base, status: i.status as TIncidentStatus, impact: i.impact as TImpact } as TV2Incident;
}

const INDICATOR_TEXT: Record<TIndicator, string> = {
  none: "All Systems Operational",
  minor: "Minor Service Outage",
  major: "Partial System Outage",
  critical: "Major Service Outage",
  maintenance: "Service Under Maintenance",
};

type TSeverity = Exclude<TIndicator, "maintenance">;

/**
 * The overall indicator: the worst of the components' statuses and the open incidents' impacts; as
 * Statuspage does, "maintenance" when maintenance is under way and nothing is worse.
 */
export function overallIndicator(state: TStatusState): TV2Status & { indicator: TIndicator } {
  const rank: Record<TSeverity, number> = { none: 0, minor: 1, major: 2, critical: 3 };
  let indicator: TSeverity = "none";
  const raise = (i: TSeverity) => {
    if (rank[i] > rank[indicator]) indicator = i;
  };
  let maintenance = false;
  for (const c of state.components) {
    if (c.status === "degraded_performance") raise("minor");
    if (c.status === "partial_outage") raise("major");
    if (c.status === "major_outage") raise("critical");
    if (c.status === "under_maintenance") maintenance = true;
  }
  for (const i of state.incidents.filter(isIncidentOpen)) if (i.impact !== "maintenance") raise(i.impact);
  if (indicator === "none" && (maintenance || state.maintenances.some(isMaintenanceActive))) return { indicator: "maintenance", description: INDICATOR_TEXT.maintenance };
  return { indicator, description: INDICATOR_TEXT[indicator] };
}

export const v2 = {
  status: (s: TStatusState) => ({ page: v2Page(s), status: overallIndicator(s) }),
  components: (s: TStatusState) => ({ page: v2Page(s), components: s.components.map((c) => v2Component(s, c)) }),
  incidents: (s: TStatusState) => ({ page: v2Page(s), incidents: s.incidents.slice(0, 50).map((i) => v2Incident(s, i)) }),
  unresolvedIncidents: (s: TStatusState) => ({ page: v2Page(s), incidents: s.incidents.filter(isIncidentOpen).map((i) => v2Incident(s, i)) }),
  scheduledMaintenances: (s: TStatusState) => ({ page: v2Page(s), scheduled_maintenances: s.maintenances.slice(0, 50).map((i) => v2Incident(s, i)) }),
  upcomingMaintenances: (s: TStatusState) => ({ page: v2Page(s), scheduled_maintenances: s.maintenances.filter(isMaintenanceUpcoming).map((i) => v2Incident(s, i)) }),
  activeMaintenances: (s: TStatusState) => ({ page: v2Page(s), scheduled_maintenances: s.maintenances.filter(isMaintenanceActive).map((i) => v2Incident(s, i)) }),
  summary: (s: TStatusState) => ({
    page: v2Page(s),
    components: s.components.map((c) => v2Component(s, c)),
    incidents: s.incidents.filter(isIncidentOpen).map((i) => v2Incident(s, i)),
    scheduled_maintenances: s.maintenances.filter((m) => isMaintenanceActive(m) || isMaintenanceUpcoming(m)).map((i) => v2Incident(s, i)),
    status: overallIndicator(s),
  }),
};

export type TV2Endpoint = keyof typeof v2;

/** Route path under /api/v2 → builder; one list for the routes, the export script and the schema test. */
export const V2_ENDPOINTS: { path: TV2Path; build: TV2Endpoint }[] = [
  { path: "summary.json", build: "summary" },
  { path: "status.json", build: "status" },
  { path: "components.json", build: "components" },
  { path: "incidents.json", build: "incidents" },
  { path: "incidents/unresolved.json", build: "unresolvedIncidents" },
  { path: "scheduled-maintenances.json", build: "scheduledMaintenances" },
  { path: "scheduled-maintenances/upcoming.json", build: "upcomingMaintenances" },
  { path: "scheduled-maintenances/active.json", build: "activeMaintenances" },
];
