// The public Statuspage v2 JSON (GET /api/v2/*.json), field for field, from the published state.
import type { TIndicator } from "./catalog";
import { isIncidentOpen, isMaintenanceActive, isMaintenanceUpcoming, type TStateIncident, type TStatusState } from "./state";

export function v2Page(state: TStatusState) {
  return { id: state.page.id, name: state.page.name, url: state.page.url, time_zone: state.page.timeZone, updated_at: state.updatedAt };
}

export function v2Component(state: TStatusState, c: TStatusState["components"][number]) {
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

function v2Incident(state: TStatusState, i: TStateIncident) {
  const components = state.components.filter((c) => i.componentIds.includes(c.id)).map((c) => v2Component(state, c));
  const base = {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    monitoring_at: i.monitoringAt,
    resolved_at: i.resolvedAt,
    impact: i.impact === "maintenance" ? "maintenance" : i.impact,
    shortlink: `${state.page.url}#${i.kind}-${i.id}`,
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
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components,
  };
  return i.kind === "maintenance" ? { ...base, scheduled_for: i.scheduledFor, scheduled_until: i.scheduledUntil } : base;
}

const INDICATOR_TEXT: Record<TIndicator, string> = {
  none: "All Systems Operational",
  minor: "Minor Service Outage",
  major: "Partial System Outage",
  critical: "Major Service Outage",
};

/** The overall indicator: the worst of the components' statuses and the open incidents' impacts. */
export function overallIndicator(state: TStatusState): { indicator: TIndicator; description: string } {
  const rank: Record<TIndicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };
  let indicator: TIndicator = "none";
  const raise = (i: TIndicator) => {
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
  if (indicator === "none" && (maintenance || state.maintenances.some(isMaintenanceActive))) return { indicator, description: "Service Under Maintenance" };
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
export const V2_ENDPOINTS: { path: string; build: TV2Endpoint }[] = [
  { path: "summary.json", build: "summary" },
  { path: "status.json", build: "status" },
  { path: "components.json", build: "components" },
  { path: "incidents.json", build: "incidents" },
  { path: "incidents/unresolved.json", build: "unresolvedIncidents" },
  { path: "scheduled-maintenances.json", build: "scheduledMaintenances" },
  { path: "scheduled-maintenances/upcoming.json", build: "upcomingMaintenances" },
  { path: "scheduled-maintenances/active.json", build: "activeMaintenances" },
];
