import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { ZMaintenanceScheduled } from "@/lib/status/api-schemas";
import { ZScheduleMaintenance } from "@/lib/status/inputs";
import { scheduleMaintenance } from "@/lib/status/schedule-maintenance";

/** POST /api/v1/admin/maintenances {name, body, scheduledFor, scheduledUntil, componentIds}. */
export const POST = apiHandler({ auth: "token", roles: ["OPERATOR"] }, async ({ request, user }) => {
  const input = await readJson(request, ZScheduleMaintenance);
  const maintenance = await scheduleMaintenance({ ...input, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZMaintenanceScheduled, { maintenance }, { status: 201 });
});
