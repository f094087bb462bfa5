// GET /api/v1/queue: each protected area's queue length and estimated wait (lib/queue/routes.ts).
import { queueSummaryRoute } from "@/lib/queue/routes";

export const dynamic = "force-dynamic";
export const GET = queueSummaryRoute;
