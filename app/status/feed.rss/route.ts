import { rssRoute } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = rssRoute;
