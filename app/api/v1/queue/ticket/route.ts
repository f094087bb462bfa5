// GET /api/v1/queue/ticket: the waiting page's poll (lib/queue/routes.ts; usually answered by the front door).
import { pollTicketRoute } from "@/lib/queue/routes";

export const dynamic = "force-dynamic";
export const GET = pollTicketRoute;
