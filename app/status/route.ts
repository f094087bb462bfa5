// /status is served as cached HTML from a route handler, not a React page: it must render from the
// snapshot when the database is down, be exportable as a static file, and stay cheap under load.
import { statusPageRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = statusPageRoute;
