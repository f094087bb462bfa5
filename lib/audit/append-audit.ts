import "server-only";
import type { TTx } from "@/lib/db/client";
import type { TSqlStatement, TSqlTx } from "@/lib/db/driver";

export type TAuditActor = { id: string | null; label: string };

export const systemActor: TAuditActor = { id: null, label: "system" };

type TAuditInput = { actor: TAuditActor; action: string; targetType?: string; targetId?: string; data?: Record<string, unknown> };

/**
 * Appends one entry to the audit log. Call it inside the same transaction as the change it records,
 * so the change and its entry land together or not at all. Insert-only: no lock and no shared row, so
 * the writes of every node proceed side by side; the sequencer (sequence-audit.ts) links the entry
 * into the hash chain shortly after it commits.
 */
export async function appendAudit(tx: TTx, input: TAuditInput) {
  const created = await tx.auditEntry.create({
    data: {
      at: new Date(),
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      data: JSON.stringify(input.data ?? {}),
    },
    select: { seq: true },
  });
  return { seq: created.seq };
}

/** appendAudit in a hot transaction written as plain SQL (lib/db/driver.ts): the same row, one statement. */
export async function appendAuditSql(tx: TSqlTx, input: TAuditInput, at = new Date()): Promise<void> {
  const { sql, values } = auditStatement(input, at);
  await tx.run(sql, values);
}

/** The same row as one write, for `sqlWritesTogether` (lib/db/driver.ts) with the other writes of its transaction. */
export function auditStatement(input: TAuditInput, at = new Date()): TSqlStatement {
  return {
    sql: `INSERT INTO "AuditEntry" ("at", "actorId", "actorLabel", "action", "targetType", "targetId", "data") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    values: [at, input.actor.id, input.actor.label, input.action, input.targetType ?? null, input.targetId ?? null, JSON.stringify(input.data ?? {})],
  };
}
