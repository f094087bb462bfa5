import { apiHandler, jsonResponse } from "@/lib/edge/api-handler";
import { ZIncidentParams, ZIncidentPublished } from "@/lib/status/api-schemas";
import { publishIncident } from "@/lib/status/publish-incident";

/** POST /api/v1/admin/incidents/{id}/publish: publishes a draft (e.g. one the prober opened). */
export const POST = apiHandler({ auth: "token", roles: ["OPERATOR"], params: ZIncidentParams }, async ({ user, params }) => {
  const incident = await publishIncident({ incidentId: params.id, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZIncidentPublished, { incident });
});
