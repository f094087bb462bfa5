// JSON Schemas (draft-07) of the public Statuspage v2 endpoints, with the exact field names and
// enums of Atlassian Statuspage. test/unit/status/v2-schemas.test.ts checks real output against them.
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, INDICATORS, MAINTENANCE_STATUSES } from "../catalog";

const dateTime = { type: "string", format: "date-time" };
const nullableDateTime = { type: ["string", "null"], format: "date-time" };

const page = {
  type: "object",
  required: ["id", "name", "url", "time_zone", "updated_at"],
  additionalProperties: false,
  properties: { id: { type: "string", minLength: 1 }, name: { type: "string" }, url: { type: "string", format: "uri" }, time_zone: { type: "string" }, updated_at: dateTime },
};

const component = {
  type: "object",
  required: ["id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded"],
  additionalProperties: false,
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    status: { enum: [...COMPONENT_STATUSES] },
    created_at: dateTime,
    updated_at: dateTime,
    position: { type: "integer" },
    description: { type: ["string", "null"] },
    showcase: { type: "boolean" },
    start_date: { type: ["string", "null"], format: "date" },
    group_id: { type: ["string", "null"] },
    page_id: { type: "string" },
    group: { type: "boolean" },
    only_show_if_degraded: { type: "boolean" },
  },
};

const update = (statuses: readonly string[]) => ({
  type: "object",
  required: ["id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components", "deliver_notifications", "custom_tweet", "tweet_id"],
  additionalProperties: false,
  properties: {
    id: { type: "string" },
    status: { enum: [...statuses] },
    body: { type: "string" },
    incident_id: { type: "string" },
    created_at: dateTime,
    updated_at: dateTime,
    display_at: dateTime,
    affected_components: { type: ["array", "null"] },
    deliver_notifications: { type: "boolean" },
    custom_tweet: { type: ["string", "null"] },
    tweet_id: { type: ["string", "null"] },
  },
});

const incidentProperties = {
  id: { type: "string" },
  name: { type: "string" },
  created_at: dateTime,
  updated_at: dateTime,
  monitoring_at: nullableDateTime,
  resolved_at: nullableDateTime,
  shortlink: { type: "string", format: "uri" },
  started_at: dateTime,
  page_id: { type: "string" },
  components: { type: "array", items: component },
};
const incidentRequired = ["id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components"];

const incident = {
  type: "object",
  required: incidentRequired,
  additionalProperties: false,
  properties: { ...incidentProperties, status: { enum: [...INCIDENT_STATUSES] }, impact: { enum: [...IMPACTS] }, incident_updates: { type: "array", items: update(INCIDENT_STATUSES) } },
};

const maintenance = {
  type: "object",
  required: [...incidentRequired, "scheduled_for", "scheduled_until"],
  additionalProperties: false,
  properties: {
    ...incidentProperties,
    status: { enum: [...MAINTENANCE_STATUSES] },
    impact: { enum: [...IMPACTS, "maintenance"] },
    incident_updates: { type: "array", items: update(MAINTENANCE_STATUSES) },
    scheduled_for: dateTime,
    scheduled_until: dateTime,
  },
};

const status = {
  type: "object",
  required: ["indicator", "description"],
  additionalProperties: false,
  properties: { indicator: { enum: [...INDICATORS] }, description: { type: "string" } },
};

const wrap = (properties: Record<string, unknown>) => ({
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["page", ...Object.keys(properties)],
  additionalProperties: false,
  properties: { page, ...properties },
});

export const v2Schemas: Record<string, object> = {
  "summary.json": wrap({ components: { type: "array", items: component }, incidents: { type: "array", items: incident }, scheduled_maintenances: { type: "array", items: maintenance }, status }),
  "status.json": wrap({ status }),
  "components.json": wrap({ components: { type: "array", items: component } }),
  "incidents.json": wrap({ incidents: { type: "array", items: incident } }),
  "incidents/unresolved.json": wrap({ incidents: { type: "array", items: { ...incident, properties: { ...incident.properties, status: { enum: INCIDENT_STATUSES.filter((s) => s !== "resolved" && s !== "postmortem") } } } } }),
  "scheduled-maintenances.json": wrap({ scheduled_maintenances: { type: "array", items: maintenance } }),
  "scheduled-maintenances/upcoming.json": wrap({ scheduled_maintenances: { type: "array", items: { ...maintenance, properties: { ...maintenance.properties, status: { enum: ["scheduled"] } } } } }),
  "scheduled-maintenances/active.json": wrap({ scheduled_maintenances: { type: "array", items: { ...maintenance, properties: { ...maintenance.properties, status: { enum: ["in_progress", "verifying"] } } } } }),
};
