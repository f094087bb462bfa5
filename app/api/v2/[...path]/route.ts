// Any other /api/v2/ path: a JSON 404 for JSON clients (the front door answers the same under `npm start`).
import { statusPreflightRoute, v2NotFoundRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = v2NotFoundRoute;
export const OPTIONS = statusPreflightRoute;
