import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { ZComponentParams, ZComponentSet } from "@/lib/status/api-schemas";
import { ZSetComponentStatus } from "@/lib/status/inputs";
import { setComponentStatus } from "@/lib/status/set-component-status";

/** PATCH /api/v1/admin/components/{id} {status}: {id} is the component's id or slug. */
export const PATCH = apiHandler({ auth: "token", roles: ["OPERATOR"], params: ZComponentParams }, async ({ request, user, params }) => {
  const input = await readJson(request, ZSetComponentStatus);
  const component = await setComponentStatus({ componentId: params.id, status: input.status, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZComponentSet, { component });
});
