import { v2Route, statusPreflightRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = v2Route("incidents", "incidents.json");
export const OPTIONS = statusPreflightRoute;
