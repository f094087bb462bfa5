import { v2Route, statusPreflightRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = v2Route("components", "components.json");
export const OPTIONS = statusPreflightRoute;
