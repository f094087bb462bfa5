import { applyMigrations } from "@/lib/db/apply-migrations";
import { env } from "@/lib/env";
import { startStatusJobs } from "@/lib/status/start-status-jobs";
import { startReconciler } from "@/lib/orders/start-reconciler";
import { startAffixMaintenance } from "@/lib/stamps/affix-maintenance";
import { startWaitingRoom } from "@/lib/queue/start-waiting-room";
import { getSigningIdentity } from "@/lib/signing/signing-identity";
import { SigningIdentityRefused } from "@/lib/signing/cluster-identity";
import { fileStore } from "@/lib/storage/file-store";
import { runUnderLease } from "@/lib/leases/lease-keeper";
import { sequenceAuditEntries } from "@/lib/audit/sequence-audit";
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
  await loadSigningIdentity();
  await checkFileStore();
  try {
    await startWaitingRoom();
  } catch (error) {
    console.error(`[start] refusing to start: ${(error as Error).message}`);
    process.exit(1);
  }
  registerFrontDoor();
  startAffixMaintenance();
  startReconciler();
  await startStatusJobs();
  startAuditSequencer();
}

/** Links new audit entries into the chain twice a second, on the one node holding the lease. */
function startAuditSequencer() {
  setInterval(() => {
    runUnderLease("audit-sequencer", sequenceAuditEntries).catch((error) => console.error(`[audit] sequencer (tried again shortly): ${(error as Error).message.trim().split("\n").at(-1)}`));
  }, 500).unref();
}

/**
 * A node with the wrong identity (or none it can open) must not serve stamps the others' certificate
 * does not cover: it stops here, with one line. A database that is down only delays the load.
 */
async function loadSigningIdentity() {
  try {
    await getSigningIdentity();
  } catch (error) {
    if (error instanceof SigningIdentityRefused || (error as Error).name === "SigningIdentityRefused") {
      console.error(`[start] refusing to start: ${(error as Error).message}`);
      process.exit(1);
    }
    console.error(`[start] could not load the signing identity yet, it is tried again on first use: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** Stamps would be refused one by one: a node whose file store is unusable says so and does not start. */
async function checkFileStore() {
  try {
    await fileStore().check();
  } catch (error) {
    console.error(`[start] refusing to start: ${(error as Error).message.split("\n")[0]}`);
    process.exit(1);
  }
}
