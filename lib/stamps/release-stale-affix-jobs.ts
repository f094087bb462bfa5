import "server-only";
import { appendAudit, systemActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { releaseQuota } from "@/lib/quota";
import { reservationId } from "./affix-stamps";

/**
 * Releases reservations whose process died mid-affixing (lease ended, nobody retried), so paid quota
 * returns to the applicant's balance. Runs at start and every minute; a later retry with the same
 * idempotency key starts a new attempt.
 */
export async function releaseStaleAffixJobs(now = new Date()): Promise<number> {
  const stale = await db().affixJob.findMany({
    where: { status: "RESERVED", leaseExpiresAt: { lt: now } },
    select: { id: true, attempt: true, leaseExpiresAt: true },
    take: 500,
  });
  let released = 0;
  for (const job of stale) {
    const done = await db().$transaction(async (tx) => {
      const { count } = await tx.affixJob.updateMany({
        where: { id: job.id, status: "RESERVED", attempt: job.attempt, leaseExpiresAt: job.leaseExpiresAt },
        data: { status: "RELEASED", leaseExpiresAt: null, failureCode: "ABANDONED" },
      });
      if (count === 0) return false;
      await releaseQuota({ tx, affixJobId: reservationId(job.id, job.attempt), reason: "ABANDONED" });
      await appendAudit(tx, { actor: systemActor, action: "affix.release", targetType: "AffixJob", targetId: job.id, data: { failureCode: "ABANDONED" } });
      return true;
    });
    if (done) released++;
  }
  return released;
}
