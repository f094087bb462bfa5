import "server-only";
import { db } from "@/lib/db/client";
import { GENESIS_HASH, hashAuditEntry } from "./audit-hash";
import { AUDIT_HEAD_KEY, sequenceAuditEntries } from "./sequence-audit";

export type TAuditChainReport =
  | { intact: true; entries: number }
  | { intact: false; entries: number; brokenAtSeq: number | null; problem: "ALTERED" | "LINK_BROKEN" | "TRUNCATED" };

/**
 * Links the entries still waiting for the sequencer, then recomputes every hash in chain order.
 * Reads in pages so a long log does not load into memory at once. `brokenAtSeq` is the entry's `seq`.
 */
export async function verifyAuditChain(): Promise<TAuditChainReport> {
  await sequenceAuditEntries();
  let prevHash = GENESIS_HASH;
  let lastPosition = 0;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const page = await db().auditEntry.findMany({ where: { chainSeq: { gt: lastPosition } }, orderBy: { chainSeq: "asc" }, take: 1000 });
    if (page.length === 0) break;
    for (const entry of page) {
      count++;
      // A missing position (an entry deleted) shows as the next entry's broken link.
      if (entry.prevHash !== prevHash) return { intact: false, entries: count, brokenAtSeq: entry.seq, problem: "LINK_BROKEN" };
      if (hashAuditEntry(prevHash, entry) !== entry.hash) return { intact: false, entries: count, brokenAtSeq: entry.seq, problem: "ALTERED" };
      prevHash = entry.hash;
      lastPosition = entry.chainSeq!;
      lastSeq = entry.seq;
    }
  }
  const head = await db().keyValue.findUnique({ where: { key: AUDIT_HEAD_KEY } });
  if (head && head.value !== `${lastPosition}:${prevHash}`) return { intact: false, entries: count, brokenAtSeq: lastSeq || null, problem: "TRUNCATED" };
  return { intact: true, entries: count };
}
