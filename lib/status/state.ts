// The published state of the status page as one plain, JSON-serializable object. Everything public
// (the page, the v2 JSON, the feeds, the static export) is rendered from it, so it can come from the
// database or, when the database is down, from the last snapshot file (read back through this schema).
import { z } from "zod";
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, ZComponentStatus } from "./catalog";

const dateTime = z.string();

export const ZUptimeDay = z.object({
  date: z.string(),
  uptimePercent: z.number().nullable(),
  worst: z.enum([...COMPONENT_STATUSES, "no_data"]),
  samples: z.number(),
});
export type TUptimeDay = z.infer<typeof ZUptimeDay>;

export const ZStateComponent = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  status: ZComponentStatus,
  position: z.number(),
  createdAt: dateTime,
  updatedAt: dateTime,
  uptimePercent: z.number().nullable(),
  days: z.array(ZUptimeDay),
});
export type TStateComponent = z.infer<typeof ZStateComponent>;

/** A component whose status an update changed (Statuspage's affected_components; `code` is its id). */
export const ZAffectedComponent = z.object({ code: z.string(), oldStatus: ZComponentStatus, newStatus: ZComponentStatus });
export type TAffectedComponent = z.infer<typeof ZAffectedComponent>;

export const ZStateUpdate = z.object({
  id: z.string(),
  status: z.string(),
  body: z.string(),
  createdAt: dateTime,
  displayAt: dateTime,
  affectedComponents: z.array(ZAffectedComponent),
});
export type TStateUpdate = z.infer<typeof ZStateUpdate>;

export const ZStateIncident = z.object({
  id: z.string(),
  kind: z.enum(["incident", "maintenance"]),
  name: z.string(),
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  impact: z.enum([...IMPACTS, "maintenance"]),
  createdAt: dateTime,
  updatedAt: dateTime,
  publishedAt: dateTime.nullable(),
  startedAt: dateTime.nullable(),
  resolvedAt: dateTime.nullable(),
  monitoringAt: dateTime.nullable(),
  scheduledFor: dateTime.nullable(),
  scheduledUntil: dateTime.nullable(),
  componentIds: z.array(z.string()),
  /** Newest first, as Statuspage lists them. */
  updates: z.array(ZStateUpdate),
});
export type TStateIncident = z.infer<typeof ZStateIncident>;

export const ZQueueSummary = z.object({
  area: z.string(),
  label: z.object({ id: z.string(), en: z.string() }),
  waiting: z.number(),
  estimatedWaitSeconds: z.number().nullable(),
});
export type TQueueSummary = z.infer<typeof ZQueueSummary>;

export const ZStatusState = z.object({
  /** Content hash: equal states render equal bytes (and ETags). */
  version: z.string(),
  /** url: the site's root (Statuspage clients build /api/v2/… from it); statusUrl: the status page itself. */
  page: z.object({ id: z.string(), name: z.string(), url: z.string(), statusUrl: z.string(), timeZone: z.string() }),
  /** The latest change to what the page publishes (a component, an incident, an update): the page's "last updated". */
  updatedAt: dateTime,
  components: z.array(ZStateComponent),
  incidents: z.array(ZStateIncident),
  maintenances: z.array(ZStateIncident),
  queues: z.array(ZQueueSummary),
  /** "snapshot": the database did not answer and this is the last published state. */
  source: z.enum(["live", "snapshot"]),
});
export type TStatusState = z.infer<typeof ZStatusState>;

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
