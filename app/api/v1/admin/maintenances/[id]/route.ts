import { NextResponse } from "next/server";
import { apiHandler, readJson } from "@/lib/edge/api-handler";
import { advanceMaintenance } from "@/lib/status/advance-maintenance";
import { ZAdvanceMaintenance } from "@/lib/status/inputs";

/** PATCH /api/v1/admin/maintenances/{id} {status: in_progress|verifying|completed, body?}: starts or ends it. */
export const PATCH = apiHandler({ auth: "token", roles: ["OPERATOR"] }, async ({ request, user, params }) => {
  const input = await readJson(request, ZAdvanceMaintenance);
  const maintenance = await advanceMaintenance({ maintenanceId: params.id, ...input, actor: { id: user!.id, label: user!.email } });
  return NextResponse.json({ maintenance });
});
