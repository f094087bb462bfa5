import "server-only";
import { purgeExpiredFiles } from "./purge-expired-files";
import { releaseStaleAffixJobs } from "./release-stale-affix-jobs";
import { runUnderLease } from "@/lib/leases/lease-keeper";
import { purgeHeldUploads } from "@/lib/storage/pending-uploads";

let started = false;

/**
 * Releases abandoned reservations (at start, then every minute) and deletes files past retention
 * (at start, then every 10 minutes: on a cluster the node holding the lease may have just changed).
 * Pre-flight uploads held for the affix that follows live on this node's own disk: every node purges
 * its own, past their hold, every 5 minutes.
 */
export function startAffixMaintenance() {
  if (started) return;
  started = true;
  // Once per cluster, each under its lease (lib/leases/): the node holding it does the work.
  const sweep = () => runUnderLease("affix-sweeper", releaseStaleAffixJobs).catch((e) => console.error("[affix] stale-job sweep failed", e));
  const purge = () => runUnderLease("retention", purgeExpiredFiles).catch((e) => console.error("[affix] retention purge failed", e));
  const purgeUploads = () => purgeHeldUploads().catch((e) => console.error("[affix] held-upload purge failed", e));
  void sweep();
  void purge();
  setInterval(sweep, 60_000).unref();
  setInterval(purge, 600_000).unref();
  setInterval(purgeUploads, 5 * 60_000).unref();
}
