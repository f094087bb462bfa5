import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import type { TMaintenanceScheduled } from "./api-schemas";
import type { TScheduleMaintenance } from "./inputs";
import { afterStatusChange, assertComponentsExist } from "./publish-status";
import { enqueueNotification } from "./subscriptions/enqueue-notifications";

export async function scheduleMaintenance(input: TScheduleMaintenance & { actor: TAuditActor }): Promise<TMaintenanceScheduled> {
  const now = new Date();
  const created = await db().$transaction(async (tx) => {
    const componentIds = await assertComponentsExist(tx, input.componentIds);
    const m = await tx.incident.create({
      data: {
        kind: "maintenance",
        name: input.name,
        status: "scheduled",
        impact: "maintenance",
        scheduledFor: input.scheduledFor,
        scheduledUntil: input.scheduledUntil,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
        components: { create: componentIds.map((componentId) => ({ componentId })) },
        updates: { create: { status: "scheduled", body: input.body, createdAt: now, displayAt: now } },
      },
      select: { id: true, kind: true, name: true, status: true, impact: true, scheduledFor: true, scheduledUntil: true },
    });
    await appendAudit(tx, {
      actor: input.actor,
      action: "status.maintenance.schedule",
      targetType: "Incident",
      targetId: m.id,
      data: { name: input.name, scheduledFor: input.scheduledFor.toISOString(), scheduledUntil: input.scheduledUntil.toISOString(), componentIds },
    });
    await enqueueNotification(tx, { event: "maintenance.scheduled", incident: m, update: { status: "scheduled", body: input.body, createdAt: now } });
    return { id: m.id, kind: "maintenance" as const, name: m.name, status: "scheduled" as const, impact: "maintenance" as const, scheduledFor: input.scheduledFor.toISOString(), scheduledUntil: input.scheduledUntil.toISOString(), componentIds };
  });
  await afterStatusChange();
  return created;
}
