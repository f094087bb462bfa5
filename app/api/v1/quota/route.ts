import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/edge/api-handler";
import { getQuotaBalance } from "@/lib/quota/get-quota-balance";

export const dynamic = "force-dynamic";

// GET /api/v1/quota → {available, reserved}
export const GET = apiHandler({ auth: "token" }, async ({ user }) => {
  return NextResponse.json(await getQuotaBalance(user!.id));
});
