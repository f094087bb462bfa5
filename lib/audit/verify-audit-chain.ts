import "server-only";
import { db } from "@/lib/db/client";
import { GENESIS_HASH, hashAuditEntry } from "./audit-hash";

export type TAuditChainReport =
  | { intact: true; entries: number }
  | { intact: false; entries: number; brokenAtSeq: number | null; problem: "ALTERED" | "LINK_BROKEN" | "TRUNCATED" };

/** Recomputes every hash in order. Reads in pages so a long log does not load into memory at once. */
export async function verifyAuditChain(): Promise<TAuditChainReport> {
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const page = await db().auditEntry.findMany({ where: { seq: { gt: lastSeq } }, orderBy: { seq: "asc" }, take: 1000 });
    if (page.length === 0) break;
    for (const entry of page) {
      count++;
      if (entry.prevHash !== prevHash) return { intact: false, entries: count, brokenAtSeq: entry.seq, problem: "LINK_BROKEN" };
      if (hashAuditEntry(prevHash, entry) !== entry.hash) return { intact: false, entries: count, brokenAtSeq: entry.seq, problem: "ALTERED" };
      prevHash = entry.hash;
      lastSeq = entry.seq;
    }
  }
  const head = await db().keyValue.findUnique({ where: { key: "audit.head" } });
  if (head && head.value !== `${lastSeq}:${prevHash}`) return { intact: false, entries: count, brokenAtSeq: lastSeq || null, problem: "TRUNCATED" };
  return { intact: true, entries: count };
}
