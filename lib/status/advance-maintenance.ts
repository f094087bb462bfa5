import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import type { TMaintenanceStatus } from "./catalog";
import { afterStatusChange, changeComponents, restoreComponents, storedChanges } from "./publish-status";
import { statusErrors } from "./status-errors";
import { enqueueNotification } from "./subscriptions/enqueue-notifications";

const DEFAULT_BODY: Record<string, string> = {
  in_progress: "Pemeliharaan sedang berlangsung. / Maintenance is in progress.",
  verifying: "Pemeliharaan sedang diverifikasi. / Maintenance is being verified.",
  completed: "Pemeliharaan selesai. / Maintenance has been completed.",
};

/** Starts, verifies or completes a maintenance; its components are under_maintenance while it runs. */
export async function advanceMaintenance(input: { maintenanceId: string; status: Exclude<TMaintenanceStatus, "scheduled">; body?: string; actor: TAuditActor }) {
  const now = new Date();
  const body = input.body?.trim() || DEFAULT_BODY[input.status];
  const result = await db().$transaction(async (tx) => {
    const m = await tx.incident.findFirst({
      where: { id: input.maintenanceId, kind: "maintenance" },
      select: { id: true, kind: true, name: true, status: true, impact: true, startedAt: true, scheduledFor: true, scheduledUntil: true, components: { select: { componentId: true } } },
    });
    if (!m) throw statusErrors.maintenanceNotFound();
    if (m.status === "completed") throw statusErrors.maintenanceFinished();
    const completing = input.status === "completed";
    // Conditional on the status read above: two operators (or the scheduler) cannot both advance it.
    const { count } = await tx.incident.updateMany({
      where: { id: m.id, status: m.status },
      data: { status: input.status, ...(m.startedAt ? {} : { startedAt: now }), ...(completing ? { resolvedAt: now } : {}) },
    });
    if (count === 0) throw statusErrors.maintenanceFinished();
    const ids = m.components.map((c) => c.componentId);
    const changes = completing ? await restoreComponents(tx, ids, m.id) : await changeComponents(tx, ids, "under_maintenance", ["operational"]);
    await tx.incidentUpdate.create({ data: { incidentId: m.id, status: input.status, body, createdAt: now, displayAt: now, affectedComponents: storedChanges(changes) }, select: { id: true } });
    await appendAudit(tx, { actor: input.actor, action: "status.maintenance.advance", targetType: "Incident", targetId: m.id, data: { from: m.status, to: input.status } });
    const event = completing ? "maintenance.completed" : m.status === "scheduled" ? "maintenance.started" : null;
    if (event) await enqueueNotification(tx, { event, incident: { ...m, status: input.status }, update: { status: input.status, body, createdAt: now } });
    return { id: m.id, status: input.status };
  });
  await afterStatusChange();
  return result;
}

/** Starts and completes maintenance whose window has come (run by the background job). */
export async function advanceDueMaintenances(actor: TAuditActor, now = new Date()) {
  const due = await db().incident.findMany({
    where: { kind: "maintenance", isDraft: false, OR: [{ status: "scheduled", scheduledFor: { lte: now } }, { status: { in: ["in_progress", "verifying"] }, scheduledUntil: { lte: now } }] },
    select: { id: true, status: true, scheduledUntil: true },
    take: 20,
  });
  for (const m of due) {
    const to = m.scheduledUntil && m.scheduledUntil <= now ? "completed" : "in_progress";
    await advanceMaintenance({ maintenanceId: m.id, status: to, actor }).catch((e) => console.error(`[status] maintenance ${m.id}: ${(e as Error).message}`));
  }
  return due.length;
}
