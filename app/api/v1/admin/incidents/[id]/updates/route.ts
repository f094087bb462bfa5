import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { ZIncidentParams, ZIncidentUpdatePosted } from "@/lib/status/api-schemas";
import { ZPostIncidentUpdate } from "@/lib/status/inputs";
import { postIncidentUpdate } from "@/lib/status/post-incident-update";

/** POST /api/v1/admin/incidents/{id}/updates {status, body}: status "resolved" resolves the incident. */
export const POST = apiHandler({ auth: "token", roles: ["OPERATOR"], params: ZIncidentParams }, async ({ request, user, params }) => {
  const input = await readJson(request, ZPostIncidentUpdate);
  const update = await postIncidentUpdate({ ...input, incidentId: params.id, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZIncidentUpdatePosted, { update }, { status: 201 });
});
