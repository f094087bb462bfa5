import "server-only";
import { purgeExpiredFiles } from "./purge-expired-files";
import { releaseStaleAffixJobs } from "./release-stale-affix-jobs";
import { runUnderLease } from "@/lib/leases/lease-keeper";

let started = false;

/**
 * Releases abandoned reservations (at start, then every minute) and deletes files past retention
 * (at start, then every 10 minutes: on a cluster the node holding the lease may have just changed).
 */
export function startAffixMaintenance() {
  if (started) return;
  started = true;
  // Once per cluster, each under its lease (lib/leases/): the node holding it does the work.
  const sweep = () => runUnderLease("affix-sweeper", releaseStaleAffixJobs).catch((e) => console.error("[affix] stale-job sweep failed", e));
  const purge = () => runUnderLease("retention", purgeExpiredFiles).catch((e) => console.error("[affix] retention purge failed", e));
  void sweep();
  void purge();
  setInterval(sweep, 60_000).unref();
  setInterval(purge, 600_000).unref();
}
