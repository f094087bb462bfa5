import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { ZMaintenanceAdvanced, ZMaintenanceParams } from "@/lib/status/api-schemas";
import { advanceMaintenance } from "@/lib/status/advance-maintenance";
import { ZAdvanceMaintenance } from "@/lib/status/inputs";

/** PATCH /api/v1/admin/maintenances/{id} {status: in_progress|verifying|completed, body?}: starts or ends it. */
export const PATCH = apiHandler({ auth: "token", roles: ["OPERATOR"], params: ZMaintenanceParams }, async ({ request, user, params }) => {
  const input = await readJson(request, ZAdvanceMaintenance);
  const maintenance = await advanceMaintenance({ maintenanceId: params.id, ...input, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZMaintenanceAdvanced, { maintenance });
});
