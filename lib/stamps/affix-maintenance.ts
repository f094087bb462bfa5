import "server-only";
import { purgeExpiredFiles } from "./purge-expired-files";
import { releaseStaleAffixJobs } from "./release-stale-affix-jobs";
import { purgeHeldUploads } from "@/lib/storage/pending-uploads";

let started = false;

/** Releases abandoned reservations (at start, then every minute), deletes files past retention (hourly) and pre-flight uploads past their hold (every 5 minutes). */
export function startAffixMaintenance() {
  if (started) return;
  started = true;
  const sweep = () => releaseStaleAffixJobs().catch((e) => console.error("[affix] stale-job sweep failed", e));
  const purge = () => purgeExpiredFiles().catch((e) => console.error("[affix] retention purge failed", e));
  const purgeUploads = () => purgeHeldUploads().catch((e) => console.error("[affix] held-upload purge failed", e));
  void sweep();
  void purge();
  setInterval(sweep, 60_000).unref();
  setInterval(purge, 3600_000).unref();
  setInterval(purgeUploads, 5 * 60_000).unref();
}
