// The status page: operators' management API (for alerting tools) and the public Statuspage v2 feed.
import { ZComponentParams, ZComponentSet, ZIncidentCreated, ZIncidentParams, ZIncidentPublished, ZIncidentUpdatePosted, ZMaintenanceAdvanced, ZMaintenanceParams, ZMaintenanceScheduled } from "@/lib/status/api-schemas";
import { ZAdvanceMaintenance, ZCreateIncident, ZPostIncidentUpdate, ZScheduleMaintenance, ZSetComponentStatus } from "@/lib/status/inputs";
import { ZV2Component, ZV2Incident, ZV2Maintenance, ZV2Page, ZV2Status } from "@/lib/status/schemas/statuspage-v2";
import { V2_BODIES, V2_ENDPOINTS } from "@/lib/status/statuspage-v2";
import { errorResponse, json, type TOpenApiArea, type TPathItem } from "./types";

const tags = ["status"];
const operatorOnly = { "401": errorResponse("No or unknown token."), "403": errorResponse("Not an operator."), "400": errorResponse("Invalid JSON or fields (details.issues, details.unknownComponentIds).") };

const publicPaths: Record<string, TPathItem> = Object.fromEntries(
  V2_ENDPOINTS.map((ep) => [
    `/api/v2/${ep.path}`,
    {
      get: {
        operationId: `statusV2${ep.build[0].toUpperCase()}${ep.build.slice(1)}`,
        summary: `Statuspage v2: ${ep.path}`,
        description:
          "Public, Atlassian Statuspage v2 format, readable from any origin (CORS). ETag/If-None-Match and Last-Modified/If-Modified-Since (304); " +
          "Cache-Control with stale-while-revalidate. When the database is down the last published state is served with `X-Status-Source: snapshot`.",
        tags,
        security: [],
        responses: { "200": json(V2_BODIES[ep.path], "The current published state."), "304": { description: "Not modified." } },
      },
    },
  ]),
);

export const statusArea = (): TOpenApiArea => ({
  tag: { name: "status", description: "The public status page (/status, RSS /status/feed.rss, Atom /status/feed.atom, Statuspage v2 JSON) and the operators' API to post incidents and maintenance. Every change is audited." },
  schemas: {
    StatuspagePage: ZV2Page,
    StatuspageComponent: ZV2Component,
    StatuspageIncident: ZV2Incident,
    StatuspageMaintenance: ZV2Maintenance,
    StatuspageStatus: ZV2Status,
    StatusIncidentCreated: ZIncidentCreated,
    StatusIncidentUpdatePosted: ZIncidentUpdatePosted,
    StatusComponentSet: ZComponentSet,
    StatusMaintenanceScheduled: ZMaintenanceScheduled,
  },
  paths: {
    "/api/v1/admin/incidents": {
      post: { operationId: "statusCreateIncident", summary: "Open an incident (operator token)", tags, body: ZCreateIncident, responses: { "201": json(ZIncidentCreated, "The incident."), ...operatorOnly } },
    },
    "/api/v1/admin/incidents/{id}/updates": {
      post: {
        operationId: "statusPostIncidentUpdate",
        summary: "Post an update; status resolved resolves the incident",
        tags,
        params: ZIncidentParams,
        body: ZPostIncidentUpdate,
        responses: { "201": json(ZIncidentUpdatePosted, "The update."), "404": errorResponse("Unknown incident."), "409": errorResponse("Already resolved."), ...operatorOnly },
      },
    },
    "/api/v1/admin/incidents/{id}/publish": {
      post: {
        operationId: "statusPublishIncident",
        summary: "Publish a draft incident (e.g. one the prober opened)",
        tags,
        params: ZIncidentParams,
        responses: { "200": json(ZIncidentPublished, "Published."), "404": errorResponse("Unknown incident."), "409": errorResponse("Not a draft."), ...operatorOnly },
      },
    },
    "/api/v1/admin/components/{id}": {
      patch: {
        operationId: "statusSetComponent",
        summary: "Set a component's status",
        tags,
        params: ZComponentParams,
        body: ZSetComponentStatus,
        responses: { "200": json(ZComponentSet, "The component."), "404": errorResponse("Unknown component."), ...operatorOnly },
      },
    },
    "/api/v1/admin/maintenances": {
      post: { operationId: "statusScheduleMaintenance", summary: "Schedule maintenance", tags, body: ZScheduleMaintenance, responses: { "201": json(ZMaintenanceScheduled, "The maintenance."), ...operatorOnly } },
    },
    "/api/v1/admin/maintenances/{id}": {
      patch: {
        operationId: "statusAdvanceMaintenance",
        summary: "Start, verify or complete maintenance",
        tags,
        params: ZMaintenanceParams,
        body: ZAdvanceMaintenance,
        responses: { "200": json(ZMaintenanceAdvanced, "The maintenance."), "404": errorResponse("Unknown maintenance."), "409": errorResponse("Already completed."), ...operatorOnly },
      },
    },
    ...publicPaths,
  },
});
