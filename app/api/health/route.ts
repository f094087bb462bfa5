import { env } from "@/lib/env";
import { jsonResponse } from "@/lib/edge/api-handler";
import { checkDatabase } from "@/lib/health/check-database";
import { ZHealthReport } from "@/lib/health/health-report";
import { peekProcessSingleton } from "@/lib/process-singleton";
import { overloadSnapshot } from "@/lib/server/overload";
import { isDraining } from "@/lib/server/drain";
import { appVersion } from "@/lib/version";

export const dynamic = "force-dynamic";

/** Requests waiting longer than this for a turn make the process not ready: users would see it. */
const MAX_READY_WAIT_MS = 5_000;

type TPoolHealth = { health(): { workers: number; running: number; queued: number; stuck: boolean } };
const poolHealth = (name: string) => peekProcessSingleton<TPoolHealth>(name)?.health() ?? null;

// GET /api/health: ready (200) or not (503), as a load balancer or the status prober should see it: the
// database answers, requests do not wait long for a turn, the PDF workers are not stuck, and the node is
// not draining (stopping after SIGTERM: lib/server/drain.ts).
export async function GET() {
  const database = await checkDatabase();
  const turns = overloadSnapshot();
  const workers = { pdf: poolHealth("pdf-pool"), verify: poolHealth("verify-pool") };
  const problems: ("database" | "waiting" | "pdf_workers" | "draining")[] = [];
  // First, so a load balancer takes a stopping node out of rotation whatever else is true.
  if (isDraining()) problems.push("draining");
  if (!database.ok) problems.push("database");
  if (turns.oldestWaitMs > MAX_READY_WAIT_MS) problems.push("waiting");
  if (workers.pdf?.stuck || workers.verify?.stuck) problems.push("pdf_workers");
  return jsonResponse(
    ZHealthReport,
    {
      status: isDraining() ? "draining" : !database.ok ? "unavailable" : problems.length ? "busy" : "ok",
      problems,
      version: appVersion(),
      database: { ok: database.ok, kind: env().databaseKind, latencyMs: database.latencyMs },
      turns: { limit: turns.limit, inTurn: turns.inTurn, queued: turns.queued, oldestWaitMs: turns.oldestWaitMs, overloaded: turns.overloaded },
      workers,
    },
    { status: problems.length ? 503 : 200, headers: { "Cache-Control": "no-store" } },
  );
}
