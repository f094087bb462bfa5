import { env } from "@/lib/env";
import { jsonResponse } from "@/lib/edge/api-handler";
import { checkDatabase } from "@/lib/health/check-database";
import { ZHealthReport } from "@/lib/health/health-report";
import { appVersion } from "@/lib/version";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  return jsonResponse(
    ZHealthReport,
    { status: database.ok ? "ok" : "unavailable", version: appVersion(), database: { ok: database.ok, kind: env().databaseKind, latencyMs: database.latencyMs } },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
