// The status page: operators' management API (for alerting tools) and the public Statuspage v2 feed.
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from "@/lib/status/catalog";
import { v2Schemas } from "@/lib/status/schemas/statuspage-v2";
import { V2_ENDPOINTS } from "@/lib/status/statuspage-v2";
import { errorResponse, json, ref, type TOpenApiArea, type TPathItem } from "./types";

const tags = ["status"];
const operatorOnly = { "401": errorResponse("No or unknown token."), "403": errorResponse("Not an operator."), "400": errorResponse("Invalid JSON or fields (details.issues, details.unknownComponentIds).") };
const idParam = (description: string) => ({ name: "id", in: "path", required: true, description, schema: { type: "string" } });
const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });

const publicPaths: Record<string, TPathItem> = Object.fromEntries(
  V2_ENDPOINTS.map((ep) => [
    `/api/v2/${ep.path}`,
    {
      get: {
        operationId: `statusV2${ep.build[0].toUpperCase()}${ep.build.slice(1)}`,
        summary: `Statuspage v2: ${ep.path}`,
        description: "Public, Atlassian Statuspage v2 format. ETag/If-None-Match (304) and Cache-Control with stale-while-revalidate. When the database is down the last published state is served with `X-Status-Source: snapshot`.",
        tags,
        security: [],
        responses: { "200": json(v2Schemas[ep.path] as Record<string, unknown>, "The current published state."), "304": { description: "Not modified." } },
      },
    },
  ]),
);

export const statusArea: TOpenApiArea = {
  tag: { name: "status", description: "The public status page (/status, RSS /status/feed.rss, Atom /status/feed.atom, Statuspage v2 JSON) and the operators' API to post incidents and maintenance. Every change is audited." },
  schemas: {
    StatusIncidentCreate: {
      type: "object",
      required: ["name", "body"],
      properties: {
        name: { type: "string", maxLength: 200 },
        status: { type: "string", enum: INCIDENT_STATUSES.filter((s) => s !== "resolved" && s !== "postmortem"), default: "investigating" },
        impact: { type: "string", enum: [...IMPACTS], default: "minor" },
        body: { type: "string", maxLength: 5000 },
        componentIds: { type: "array", items: { type: "string" }, description: "Component ids or slugs (purchase, payments, affixing, verification, api, queue)." },
        componentStatus: { type: "string", enum: [...COMPONENT_STATUSES], description: "Defaults to what the impact implies (minor → degraded_performance, major → partial_outage, critical → major_outage)." },
        isDraft: { type: "boolean", default: false },
      },
    },
    StatusIncidentUpdate: {
      type: "object",
      required: ["status", "body"],
      properties: { status: { type: "string", enum: [...INCIDENT_STATUSES] }, body: { type: "string", maxLength: 5000 }, componentStatus: { type: "string", enum: [...COMPONENT_STATUSES] } },
    },
    StatusMaintenanceCreate: {
      type: "object",
      required: ["name", "body", "scheduledFor", "scheduledUntil"],
      properties: { name: { type: "string" }, body: { type: "string" }, scheduledFor: { type: "string", format: "date-time" }, scheduledUntil: { type: "string", format: "date-time" }, componentIds: { type: "array", items: { type: "string" } } },
    },
  },
  paths: {
    "/api/v1/admin/incidents": {
      post: { operationId: "statusCreateIncident", summary: "Open an incident (operator token)", tags, requestBody: body(ref("StatusIncidentCreate")), responses: { "201": json({ type: "object" }, "The incident."), ...operatorOnly } },
    },
    "/api/v1/admin/incidents/{id}/updates": {
      post: { operationId: "statusPostIncidentUpdate", summary: "Post an update; status resolved resolves the incident", tags, parameters: [idParam("Incident id")], requestBody: body(ref("StatusIncidentUpdate")), responses: { "201": json({ type: "object" }, "The update."), "404": errorResponse("Unknown incident."), "409": errorResponse("Already resolved."), ...operatorOnly } },
    },
    "/api/v1/admin/incidents/{id}/publish": {
      post: { operationId: "statusPublishIncident", summary: "Publish a draft incident (e.g. one the prober opened)", tags, parameters: [idParam("Incident id")], responses: { "200": json({ type: "object" }, "Published."), "404": errorResponse("Unknown incident."), "409": errorResponse("Not a draft."), ...operatorOnly } },
    },
    "/api/v1/admin/components/{id}": {
      patch: { operationId: "statusSetComponent", summary: "Set a component's status", tags, parameters: [idParam("Component id or slug")], requestBody: body({ type: "object", required: ["status"], properties: { status: { type: "string", enum: [...COMPONENT_STATUSES] } } }), responses: { "200": json({ type: "object" }, "The component."), "404": errorResponse("Unknown component."), ...operatorOnly } },
    },
    "/api/v1/admin/maintenances": {
      post: { operationId: "statusScheduleMaintenance", summary: "Schedule maintenance", tags, requestBody: body(ref("StatusMaintenanceCreate")), responses: { "201": json({ type: "object" }, "The maintenance."), ...operatorOnly } },
    },
    "/api/v1/admin/maintenances/{id}": {
      patch: { operationId: "statusAdvanceMaintenance", summary: "Start, verify or complete maintenance", tags, parameters: [idParam("Maintenance id")], requestBody: body({ type: "object", required: ["status"], properties: { status: { type: "string", enum: MAINTENANCE_STATUSES.filter((s) => s !== "scheduled") }, body: { type: "string" } } }), responses: { "200": json({ type: "object" }, "The maintenance."), "404": errorResponse("Unknown maintenance."), "409": errorResponse("Already completed."), ...operatorOnly } },
    },
    ...publicPaths,
  },
};
