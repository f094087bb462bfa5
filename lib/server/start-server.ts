import { applyMigrations } from "@/lib/db/apply-migrations";
import { env } from "@/lib/env";
import { startStatusJobs } from "@/lib/status/start-status-jobs";
import { startReconciler } from "@/lib/orders/start-reconciler";
import { startAffixMaintenance } from "@/lib/stamps/affix-maintenance";
import { startWaitingRoom } from "@/lib/queue/start-waiting-room";
import { registerFrontDoor } from "./front-door";

let started = false;

export async function startServer() {
  if (started) return;
  started = true;
  const config = env(); // validates the configuration: a bad variable stops the start with its name
  try {
    const applied = await applyMigrations(config.databaseUrl);
    if (applied.length) console.log(`[start] applied migrations: ${applied.join(", ")}`);
  } catch (error) {
    // The status page must still come up when the database is down; it serves its last snapshot.
    console.error(`[start] could not migrate the database: ${(error as Error).message}`);
  }
  await startWaitingRoom();
  registerFrontDoor();
  startAffixMaintenance();
  startReconciler();
  await startStatusJobs();
}
