import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { ZIncidentCreated } from "@/lib/status/api-schemas";
import { createIncident } from "@/lib/status/create-incident";
import { ZCreateIncident } from "@/lib/status/inputs";

/** POST /api/v1/admin/incidents {name, status, impact, body, componentIds}: opens a published incident. */
export const POST = apiHandler({ auth: "token", roles: ["OPERATOR"] }, async ({ request, user }) => {
  const input = await readJson(request, ZCreateIncident);
  const incident = await createIncident({ ...input, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZIncidentCreated, { incident }, { status: 201 });
});
