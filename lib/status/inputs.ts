// What operators send (console forms and the management API), validated once here.
import { z } from "zod";
import { ZComponentStatus, ZImpact, ZIncidentStatus, ZMaintenanceStatus } from "./catalog";

const text = (max: number) => z.string().trim().min(1).max(max);
const componentIds = z.array(z.string().trim().min(1).max(64)).max(20).default([]);

export const ZCreateIncident = z.object({
  name: text(200),
  status: ZIncidentStatus.exclude(["resolved", "postmortem"]).default("investigating"),
  impact: ZImpact.default("minor"),
  body: text(5000),
  componentIds,
  /** The status to give the named components; by default it follows the impact. */
  componentStatus: ZComponentStatus.optional(),
  isDraft: z.boolean().default(false),
});
export type TCreateIncident = z.infer<typeof ZCreateIncident>;

export const ZPostIncidentUpdate = z.object({
  status: ZIncidentStatus,
  body: text(5000),
  componentStatus: ZComponentStatus.optional(),
});
export type TPostIncidentUpdate = z.infer<typeof ZPostIncidentUpdate>;

export const ZSetComponentStatus = z.object({ status: ZComponentStatus });

const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

export const ZScheduleMaintenance = z
  .object({ name: text(200), body: text(5000), scheduledFor: instant, scheduledUntil: instant, componentIds })
  .refine((m) => m.scheduledUntil > m.scheduledFor, { message: "scheduledUntil must be after scheduledFor", path: ["scheduledUntil"] });
export type TScheduleMaintenance = z.infer<typeof ZScheduleMaintenance>;

export const ZAdvanceMaintenance = z.object({
  status: ZMaintenanceStatus.exclude(["scheduled"]),
  body: z.string().trim().max(5000).optional(),
});
