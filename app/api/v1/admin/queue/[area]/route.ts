import { apiHandler, jsonResponse, readJson } from "@/lib/edge/api-handler";
import { ZAreaParams } from "@/lib/queue/api-schemas";
import { ZQueueSettingsInput, ZQueueSettingsView } from "@/lib/queue/queue-settings";
import { getQueueSettings, updateQueueSettings } from "@/lib/queue/update-queue-settings";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/queue/{area}: the area's settings (operator token).
export const GET = apiHandler({ auth: "token", roles: ["OPERATOR"], params: ZAreaParams }, async ({ params }) => {
  return jsonResponse(ZQueueSettingsView, await getQueueSettings(params.area));
});

// PUT /api/v1/admin/queue/{area} {enabled, maxActiveUsers, admitPerMinute, sessionMinutes, opensAt}
// (operator token). Omitted fields keep their value; opensAt is an ISO time with offset, or null.
export const PUT = apiHandler({ auth: "token", roles: ["OPERATOR"], params: ZAreaParams }, async ({ request, user, params }) => {
  const changes = await readJson(request, ZQueueSettingsInput);
  const settings = await updateQueueSettings({ area: params.area, changes, actor: { id: user!.id, label: user!.email } });
  return jsonResponse(ZQueueSettingsView, settings);
});
