import { atomRoute, statusPreflightRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = atomRoute;
export const OPTIONS = statusPreflightRoute;
