// Pure hashing rules of the audit chain, shared by the writer and the checker.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type TAuditContent = {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: string;
};

export function hashAuditEntry(prevHash: string, entry: TAuditContent): string {
  // A fixed field order (an array, not an object) so the hash never depends on key order.
  const canonical = JSON.stringify([
    prevHash,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorLabel,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.data,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
