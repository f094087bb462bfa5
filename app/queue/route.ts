// /queue, the waiting page. Normally answered by the front door (lib/server/front-door.ts) after the
// waiting room's guard; this route serves the same handler when Next is reached directly.
import { waitingPageRoute } from "@/lib/queue/routes";

export const dynamic = "force-dynamic";
export const GET = waitingPageRoute;
