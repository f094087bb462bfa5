import { NextResponse } from "next/server";
import { commonErrors } from "@/lib/errors";
import { apiHandler, readJson } from "@/lib/edge/api-handler";
import { isArea } from "@/lib/queue/types";
import { getQueueSettings, updateQueueSettings, ZQueueSettingsInput } from "@/lib/queue/update-queue-settings";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/queue/{area}: the area's settings (operator token).
export const GET = apiHandler({ auth: "token", roles: ["OPERATOR"] }, async ({ params }) => {
  if (!isArea(params.area)) throw commonErrors.notFound();
  return NextResponse.json(await getQueueSettings(params.area));
});

// PUT /api/v1/admin/queue/{area} {enabled, maxActiveUsers, admitPerMinute, sessionMinutes, opensAt}
// (operator token). Omitted fields keep their value; opensAt is an ISO time with offset, or null.
export const PUT = apiHandler({ auth: "token", roles: ["OPERATOR"] }, async ({ request, user, params }) => {
  if (!isArea(params.area)) throw commonErrors.notFound();
  const changes = await readJson(request, ZQueueSettingsInput);
  const settings = await updateQueueSettings({ area: params.area, changes, actor: { id: user!.id, label: user!.email } });
  return NextResponse.json(settings);
});
