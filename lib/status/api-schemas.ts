// The operators' status API contract (app/api/v1/admin/…): the routes parse and answer with these
// schemas, and the OpenAPI document (lib/openapi/paths-status.ts) is generated from the same objects.
import { z } from "zod";
import { ZResourceId } from "@/lib/edge/path-params";
import { ZComponentStatus, ZImpact, ZIncidentStatus, ZMaintenanceStatus } from "./catalog";

export const ZComponentParams = z.object({ id: ZResourceId.describe("Component id or slug (purchase, payments, affixing, verification, api, queue)") });
export const ZIncidentParams = z.object({ id: ZResourceId.describe("Incident id") });
export const ZMaintenanceParams = z.object({ id: ZResourceId.describe("Maintenance id") });

const dateTime = z.iso.datetime();
const componentIds = z.array(z.string()).describe("The components it names (ids).");

export const ZIncidentCreated = z.object({
  incident: z.object({ id: z.string(), kind: z.literal("incident"), name: z.string(), status: ZIncidentStatus, impact: ZImpact, componentIds, isDraft: z.boolean() }),
});
export type TIncidentCreated = z.infer<typeof ZIncidentCreated>["incident"];

export const ZIncidentUpdatePosted = z.object({
  update: z.object({ incidentId: z.string(), updateId: z.string(), status: ZIncidentStatus, resolved: z.boolean() }),
});
export type TIncidentUpdatePosted = z.infer<typeof ZIncidentUpdatePosted>["update"];

export const ZIncidentPublished = z.object({ incident: z.object({ id: z.string() }) });

export const ZComponentSet = z.object({
  component: z.object({ id: z.string(), slug: z.string(), status: ZComponentStatus, updatedAt: dateTime }),
});
export type TComponentSet = z.infer<typeof ZComponentSet>["component"];

export const ZMaintenanceScheduled = z.object({
  maintenance: z.object({
    id: z.string(),
    kind: z.literal("maintenance"),
    name: z.string(),
    status: z.literal("scheduled"),
    impact: z.literal("maintenance"),
    scheduledFor: dateTime,
    scheduledUntil: dateTime,
    componentIds,
  }),
});
export type TMaintenanceScheduled = z.infer<typeof ZMaintenanceScheduled>["maintenance"];

export const ZMaintenanceAdvanced = z.object({ maintenance: z.object({ id: z.string(), status: ZMaintenanceStatus }) });
