import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { checkDatabase } from "@/lib/health/check-database";
import { peekProcessSingleton } from "@/lib/process-singleton";
import { overloadSnapshot } from "@/lib/server/overload";
import { appVersion } from "@/lib/version";

export const dynamic = "force-dynamic";

/** Requests waiting longer than this for a turn make the process not ready: users would see it. */
const MAX_READY_WAIT_MS = 5_000;

type TPoolHealth = { health(): { workers: number; running: number; queued: number; stuck: boolean } };

// GET /api/health: ready (200) or not (503), as a load balancer or the status prober should see it: the
// database answers, requests do not wait long for a turn, and the PDF workers are not stuck.
export async function GET() {
  const database = await checkDatabase();
  const turns = overloadSnapshot();
  const pools = Object.fromEntries(
    (["pdf-pool", "verify-pool"] as const).map((name) => [name === "pdf-pool" ? "pdf" : "verify", peekProcessSingleton<TPoolHealth>(name)?.health() ?? null]),
  );
  const waitingTooLong = turns.oldestWaitMs > MAX_READY_WAIT_MS;
  const stuck = Object.values(pools).some((pool) => pool?.stuck);
  const problems = [...(database.ok ? [] : ["database"]), ...(waitingTooLong ? ["waiting"] : []), ...(stuck ? ["pdf_workers"] : [])];
  return NextResponse.json(
    {
      status: !database.ok ? "unavailable" : problems.length ? "busy" : "ok",
      problems,
      version: appVersion(),
      database: { ok: database.ok, kind: env().databaseKind, latencyMs: database.latencyMs },
      turns: { limit: turns.limit, inTurn: turns.inTurn, queued: turns.queued, oldestWaitMs: turns.oldestWaitMs, overloaded: turns.overloaded },
      workers: pools,
    },
    { status: problems.length ? 503 : 200, headers: { "Cache-Control": "no-store" } },
  );
}
