import { v2Route } from "@/lib/status/routes";

export const dynamic = "force-dynamic";
export const GET = v2Route("status", "status.json");
