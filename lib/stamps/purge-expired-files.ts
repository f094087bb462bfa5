import "server-only";
import { db } from "@/lib/db/client";
import { deleteFile } from "@/lib/storage/file-store";

/** Deletes stamped files past their retention; a file shared by a job still in retention is kept. */
export async function purgeExpiredFiles(now = new Date()): Promise<number> {
  const expired = await db().affixJob.findMany({
    where: { status: "COMPLETED", expiresAt: { lt: now }, outputSha256: { not: null } },
    select: { id: true, outputSha256: true },
    take: 1000,
  });
  let deleted = 0;
  for (const job of expired) {
    const sha = job.outputSha256!;
    const stillNeeded = await db().affixJob.count({ where: { outputSha256: sha, expiresAt: { gte: now } } });
    if (stillNeeded === 0) {
      await deleteFile(sha);
      deleted++;
    }
    // The registry keeps the hashes; only the link to the file is dropped.
    await db().affixJob.update({ where: { id: job.id }, data: { expiresAt: null } });
  }
  return deleted;
}
