import "server-only";
import type { TTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { GENESIS_HASH, hashAuditEntry } from "./audit-hash";

export type TAuditActor = { id: string | null; label: string };

export const systemActor: TAuditActor = { id: null, label: "system" };

/**
 * Appends one entry to the audit chain. Call it inside the same transaction as the change it records,
 * so the change and its entry land together or not at all.
 */
export async function appendAudit(
  tx: TTx,
  input: { actor: TAuditActor; action: string; targetType?: string; targetId?: string; data?: Record<string, unknown> },
) {
  if (env().databaseKind === "postgresql") {
    // Two transactions reading the same head would fork the chain: serialize appends until commit.
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(7272001)");
  }
  const head = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content = {
    at: new Date(),
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    data: JSON.stringify(input.data ?? {}),
  };
  const hash = hashAuditEntry(prevHash, content);
  const created = await tx.auditEntry.create({ data: { ...content, prevHash, hash }, select: { seq: true } });
  // The head is kept apart from the entries, so cutting entries off the end is detected too.
  await tx.keyValue.upsert({
    where: { key: "audit.head" },
    create: { key: "audit.head", value: `${created.seq}:${hash}` },
    update: { value: `${created.seq}:${hash}` },
  });
  return { seq: created.seq, hash };
}
