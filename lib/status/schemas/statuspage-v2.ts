// The public Statuspage v2 JSON (GET /api/v2/*.json) as zod schemas, with the exact field names and
// enums of Atlassian Statuspage. lib/status/statuspage-v2.ts builds its output to these types; the
// OpenAPI document and the feed's standalone JSON Schemas (v2Schemas) are generated from them, and
// test/integration/status/status-flow.test.ts checks real output against v2JsonSchemas().
import { z } from "zod";
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, INDICATORS, MAINTENANCE_STATUSES } from "@/lib/status/catalog";

const dateTime = z.iso.datetime();

export const ZV2Page = z.object({ id: z.string().min(1), name: z.string(), url: z.url().describe("The site's root: /api/v2/… lives below it."), time_zone: z.string(), updated_at: dateTime });

export const ZV2Component = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(COMPONENT_STATUSES),
  created_at: dateTime,
  updated_at: dateTime,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.iso.date().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});

export const ZV2AffectedComponent = z.object({ code: z.string().describe("The component's id."), name: z.string(), old_status: z.enum(COMPONENT_STATUSES), new_status: z.enum(COMPONENT_STATUSES) });

const update = <S extends readonly [string, ...string[]]>(statuses: S) =>
  z.object({
    id: z.string(),
    status: z.enum(statuses),
    body: z.string(),
    incident_id: z.string(),
    created_at: dateTime,
    updated_at: dateTime,
    display_at: dateTime,
    affected_components: z.array(ZV2AffectedComponent).nullable().describe("The components whose status this update changed; null when it changed none."),
    deliver_notifications: z.boolean(),
    custom_tweet: z.string().nullable(),
    tweet_id: z.string().nullable(),
  });

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: dateTime,
  updated_at: dateTime,
  monitoring_at: dateTime.nullable(),
  resolved_at: dateTime.nullable(),
  shortlink: z.url(),
  started_at: dateTime,
  page_id: z.string(),
  components: z.array(ZV2Component),
};

const incidentWith = <S extends readonly [string, ...string[]]>(statuses: S) =>
  z.object({ ...incidentFields, status: z.enum(statuses), impact: z.enum(IMPACTS), incident_updates: z.array(update(INCIDENT_STATUSES)) });
const maintenanceWith = <S extends readonly [string, ...string[]]>(statuses: S) =>
  z.object({
    ...incidentFields,
    status: z.enum(statuses),
    impact: z.enum([...IMPACTS, "maintenance"]),
    incident_updates: z.array(update(MAINTENANCE_STATUSES)),
    scheduled_for: dateTime,
    scheduled_until: dateTime,
  });

export const ZV2Incident = incidentWith(INCIDENT_STATUSES);
export const ZV2Maintenance = maintenanceWith(MAINTENANCE_STATUSES);
export const ZV2Status = z.object({ indicator: z.enum(INDICATORS), description: z.string() });

export type TV2Page = z.infer<typeof ZV2Page>;
export type TV2Component = z.infer<typeof ZV2Component>;
export type TV2Incident = z.infer<typeof ZV2Incident>;
export type TV2Maintenance = z.infer<typeof ZV2Maintenance>;
export type TV2Status = z.infer<typeof ZV2Status>;

const page = <T extends z.ZodRawShape>(shape: T) => z.object({ page: ZV2Page, ...shape });

/** Each endpoint's body, by its path under /api/v2. */
export const ZV2Bodies = {
  "summary.json": page({ components: z.array(ZV2Component), incidents: z.array(ZV2Incident), scheduled_maintenances: z.array(ZV2Maintenance), status: ZV2Status }),
  "status.json": page({ status: ZV2Status }),
  "components.json": page({ components: z.array(ZV2Component) }),
  "incidents.json": page({ incidents: z.array(ZV2Incident) }),
  "incidents/unresolved.json": page({ incidents: z.array(incidentWith(["investigating", "identified", "monitoring"])) }),
  "scheduled-maintenances.json": page({ scheduled_maintenances: z.array(ZV2Maintenance) }),
  "scheduled-maintenances/upcoming.json": page({ scheduled_maintenances: z.array(maintenanceWith(["scheduled"])) }),
  "scheduled-maintenances/active.json": page({ scheduled_maintenances: z.array(maintenanceWith(["in_progress", "verifying"])) }),
} as const;
export type TV2Path = keyof typeof ZV2Bodies;

let standalone: Record<TV2Path, object> | null = null;

/** The feed's standalone JSON Schemas (draft-07, for any validator), generated from the schemas above on first use. */
export function v2JsonSchemas(): Record<TV2Path, object> {
  standalone ??= Object.fromEntries(Object.entries(ZV2Bodies).map(([path, schema]) => [path, z.toJSONSchema(schema, { target: "draft-07" })])) as Record<TV2Path, object>;
  return standalone;
}
