import { NextResponse } from "next/server";
import { apiHandler } from "@/lib/http/api-handler";
import { getQueueSummaries } from "@/lib/queue/get-queue-summaries";

export const dynamic = "force-dynamic";

// GET /api/v1/queue: each protected area's queue length and estimated wait (public, no database).
export const GET = apiHandler({ auth: "public" }, async () => {
  const areas = await getQueueSummaries();
  return NextResponse.json({ areas, updatedAt: new Date().toISOString() }, { headers: { "Cache-Control": "public, max-age=5" } });
});
