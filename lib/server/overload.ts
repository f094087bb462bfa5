// Whether this process is overloaded, for the waiting room's shedding of new heavy work and for
// /api/health: requests have been waiting for a turn longer than the target for a whole interval (the
// admission controller's standing-queue detector), or the database could not be reached in time within
// the last few seconds. No event-loop delay sampling: a single pause used to trip it for whole windows.
import { onDatabaseUnavailable } from "@/lib/db/database-errors";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { AdmissionController, type TAdmissionSnapshot } from "./admission-controller";

/** How long a "database could not be reached" keeps the process overloaded. */
const DATABASE_HOLD_MS = 5_000;

const state = processSingleton("overload", () => {
  const s = { databaseUnavailableUntil: 0 };
  onDatabaseUnavailable(() => (s.databaseUnavailableUntil = Date.now() + DATABASE_HOLD_MS));
  return s;
});

/** The process's admission controller (lib/server/admission-controller.ts), polled a few times a second. */
export function admission(): AdmissionController {
  return processSingleton("admission", () => {
    const { maxConcurrent, maxQueued, queueTargetMs, queueIntervalMs, maxWaitMs } = env().server;
    const controller = new AdmissionController({ maxConcurrent, maxQueued, targetMs: queueTargetMs, intervalMs: queueIntervalMs, maxWaitMs });
    setInterval(() => controller.poll(), 100).unref();
    return controller;
  });
}

export type TOverloadSnapshot = TAdmissionSnapshot & { databaseUnavailable: boolean; reasons: ("standing_queue" | "database_unavailable")[] };

export function overloadSnapshot(): TOverloadSnapshot {
  const turns = admission().snapshot();
  const databaseUnavailable = databaseRecentlyUnavailable();
  const reasons: TOverloadSnapshot["reasons"] = [];
  if (turns.overloaded) reasons.push("standing_queue");
  if (databaseUnavailable) reasons.push("database_unavailable");
  return { ...turns, databaseUnavailable, reasons, overloaded: reasons.length > 0 };
}

/** The database could not be reached in time within the last few seconds. */
export function databaseRecentlyUnavailable(): boolean {
  return Date.now() < state.databaseUnavailableUntil;
}
