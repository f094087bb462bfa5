import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/edge/api-handler";
import { publishIncident } from "@/lib/status/publish-incident";

/** POST /api/v1/admin/incidents/{id}/publish: publishes a draft (e.g. one the prober opened). */
export const POST = apiHandler({ auth: "token", roles: ["OPERATOR"] }, async ({ user, params }) => {
  const incident = await publishIncident({ incidentId: params.id, actor: { id: user!.id, label: user!.email } });
  return NextResponse.json({ incident });
});
