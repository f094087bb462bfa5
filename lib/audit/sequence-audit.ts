import "server-only";
// The audit log's sequencer, after Certificate Transparency: writers insert entries concurrently
// (append-audit.ts), and a single sequencer integrates them into the hash chain in batches, in the
// order it finds them. Each gets the next chain position, the previous entry's hash and its own hash;
// the head (last position and hash) is kept apart from the entries, so cutting entries off the end is
// detected too. Only the sequencer takes the chain's lock, never an affixing, order or sign-in.
//
// Tamper evidence starts once an entry is sequenced: within about a second (the loop below, on the
// node holding the "audit-sequencer" lease), or at once before every check (verify-audit-chain.ts).
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { GENESIS_HASH, hashAuditEntry } from "./audit-hash";

export const AUDIT_HEAD_KEY = "audit.head";
const BATCH = 500;

export function parseAuditHead(value: string | undefined): { position: number; hash: string } | null {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value ?? "");
  return match ? { position: Number(match[1]), hash: match[2] } : null;
}

type TLink = { seq: number; chainSeq: number; prevHash: string; hash: string };

/**
 * One UPDATE for the whole batch (same text on both databases but the placeholders). An update per entry
 * was up to 500 statements back to back in one transaction: on SQLite, whose statements run on the event
 * loop's thread, that held the loop for tens of milliseconds twice a second under load, and the status page
 * waited behind it.
 */
function linkStatement(count: number): string {
  const postgres = env().databaseKind === "postgresql";
  const rows = Array.from({ length: count }, (_, i) => {
    if (!postgres) return "(?, ?, ?, ?)";
    const n = 4 * i;
    return `($${n + 1}::integer, $${n + 2}::integer, $${n + 3}::text, $${n + 4}::text)`;
  });
  return `WITH "link"("seq", "chainSeq", "prevHash", "hash") AS (VALUES ${rows.join(", ")})
    UPDATE "AuditEntry" SET "chainSeq" = "link"."chainSeq", "prevHash" = "link"."prevHash", "hash" = "link"."hash"
    FROM "link" WHERE "AuditEntry"."seq" = "link"."seq"`;
}

/** Links every entry not yet in the chain; returns how many it linked. Safe to run on several nodes at once. */
export async function sequenceAuditEntries(): Promise<number> {
  let total = 0;
  for (;;) {
    const linked = await db().$transaction(async (tx) => {
      // Two sequencers at once (a lease changing hands) must not fork the chain: the second waits here.
      if (env().databaseKind === "postgresql") await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7272001)");
      const pending = await tx.auditEntry.findMany({
        where: { chainSeq: null },
        orderBy: { seq: "asc" },
        take: BATCH,
        select: { seq: true, at: true, actorId: true, actorLabel: true, action: true, targetType: true, targetId: true, data: true },
      });
      if (pending.length === 0) return 0;
      const headRow = await tx.keyValue.findUnique({ where: { key: AUDIT_HEAD_KEY }, select: { value: true } });
      // The recorded head is the truth: entries cut off the end stay missing, and the next link shows it.
      const last = await tx.auditEntry.findFirst({ where: { chainSeq: { not: null } }, orderBy: { chainSeq: "desc" }, select: { chainSeq: true, hash: true } });
      const head = parseAuditHead(headRow?.value) ?? (last ? { position: last.chainSeq!, hash: last.hash! } : { position: 0, hash: GENESIS_HASH });
      let prevHash = head.hash;
      // Past every position taken, even in a log tampered with: the sequencer never jams, the check reports.
      let position = Math.max(head.position, last?.chainSeq ?? 0);
      const links: TLink[] = [];
      for (const entry of pending) {
        position++;
        const hash = hashAuditEntry(prevHash, entry);
        links.push({ seq: entry.seq, chainSeq: position, prevHash, hash });
        prevHash = hash;
      }
      await tx.$executeRawUnsafe(linkStatement(links.length), ...links.flatMap((l) => [l.seq, l.chainSeq, l.prevHash, l.hash]));
      const value = `${position}:${prevHash}`;
      await tx.keyValue.upsert({ where: { key: AUDIT_HEAD_KEY }, create: { key: AUDIT_HEAD_KEY, value }, update: { value } });
      return pending.length;
    }, { maxWait: 10_000, timeout: 30_000 }); // behind a rush of writers, its turn may take a while
    total += linked;
    if (linked < BATCH) return total;
  }
}
