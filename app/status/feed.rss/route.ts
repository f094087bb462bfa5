import { rssRoute, statusPreflightRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = rssRoute;
export const OPTIONS = statusPreflightRoute;
