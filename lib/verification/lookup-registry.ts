import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { readStoredJsonOr } from "@/lib/db/stored-json";
import type { TRegistryStamp } from "./judge-document";

/** A job's serials, as its row stores them. */
const ZJobSerials = z.array(z.string());

/** Registry rows for the given serials, in one query. Only what a verdict needs: nothing about the owner. */
export async function lookupRegistry(serials: string[]): Promise<Map<string, TRegistryStamp>> {
  const unique = [...new Set(serials)].filter(Boolean);
  const map = new Map<string, TRegistryStamp>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db().stamp.findMany({
      where: { serial: { in: unique.slice(i, i + 500) } },
      select: {
        serial: true,
        status: true,
        revokedAt: true,
        revokedReason: true,
        signedRevisionSha256: true,
        documentSha256: true,
        page: true,
        rectX1: true,
        rectY1: true,
        rectX2: true,
        rectY2: true,
        affixedAt: true,
        sequence: true,
        affixJob: { select: { outputSize: true, serials: true } },
      },
    });
    for (const row of rows) {
      const jobSerials = readStoredJsonOr(ZJobSerials, row.affixJob.serials, []);
      // The last stamp of a job ends where the job's output ends: its signed revision's length is known.
      const isLast = jobSerials.length > 0 && row.sequence === jobSerials.length - 1;
      map.set(row.serial, {
        serial: row.serial,
        status: row.status === "REVOKED" ? "REVOKED" : "ACTIVE",
        revokedAt: row.revokedAt,
        revokedReason: row.revokedReason,
        signedRevisionSha256: row.signedRevisionSha256,
        documentSha256: row.documentSha256,
        page: row.page,
        rect: [row.rectX1, row.rectY1, row.rectX2, row.rectY2],
        affixedAt: row.affixedAt,
        revisionLength: isLast ? row.affixJob.outputSize : null,
        outputLength: row.affixJob.outputSize,
      });
    }
  }
  return map;
}
