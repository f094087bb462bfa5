// The published state of the status page as one plain, JSON-serializable object. Everything public
// (the page, the v2 JSON, the feeds, the static export) is rendered from it, so it can come from the
// database or, when the database is down, from the last snapshot file.
import type { TComponentStatus, TDayStatus, TImpact, TIncidentStatus, TMaintenanceStatus } from "./catalog";

export type TUptimeDay = { date: string; uptimePercent: number | null; worst: TDayStatus; samples: number };

export type TStateComponent = {
  id: string;
  slug: string;
  name: string;
  nameEn: string;
  description: string;
  status: TComponentStatus;
  position: number;
  createdAt: string;
  updatedAt: string;
  uptimePercent: number | null;
  days: TUptimeDay[];
};

export type TStateUpdate = { id: string; status: string; body: string; createdAt: string; displayAt: string };

export type TStateIncident = {
  id: string;
  kind: "incident" | "maintenance";
  name: string;
  status: TIncidentStatus | TMaintenanceStatus;
  impact: TImpact | "maintenance";
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  startedAt: string | null;
  resolvedAt: string | null;
  monitoringAt: string | null;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  componentIds: string[];
  /** Newest first, as Statuspage lists them. */
  updates: TStateUpdate[];
};

export type TQueueSummary = { area: string; label: { id: string; en: string }; waiting: number; estimatedWaitSeconds: number | null };

export type TStatusState = {
  /** Content hash: equal states render equal bytes (and ETags). */
  version: string;
  page: { id: string; name: string; url: string; timeZone: string };
  /** When this content was first seen: the page's "last updated". */
  updatedAt: string;
  components: TStateComponent[];
  incidents: TStateIncident[];
  maintenances: TStateIncident[];
  queues: TQueueSummary[];
  /** "snapshot": the database did not answer and this is the last published state. */
  source: "live" | "snapshot";
};

export const RESOLVED_INCIDENT = ["resolved", "postmortem"];
export const FINISHED_MAINTENANCE = ["completed"];

export function isIncidentOpen(i: TStateIncident) {
  return !RESOLVED_INCIDENT.includes(i.status);
}
export function isMaintenanceActive(m: TStateIncident) {
  return m.status === "in_progress" || m.status === "verifying";
}
export function isMaintenanceUpcoming(m: TStateIncident) {
  return m.status === "scheduled";
}
