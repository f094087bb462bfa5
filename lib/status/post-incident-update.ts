import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import type { TIncidentUpdatePosted } from "./api-schemas";
import type { TPostIncidentUpdate } from "./inputs";
import { afterStatusChange, changeComponents, restoreComponents, storedChanges } from "./publish-status";
import type { TAffectedComponent } from "./state";
import { statusErrors } from "./status-errors";
import { enqueueNotification } from "./subscriptions/enqueue-notifications";

/**
 * Adds an update to an incident's timeline. `resolved` resolves it and returns its components to
 * operational unless another open incident or maintenance still names them.
 */
export async function postIncidentUpdate(input: TPostIncidentUpdate & { incidentId: string; actor: TAuditActor }): Promise<TIncidentUpdatePosted> {
  const now = new Date();
  const result = await db().$transaction(async (tx) => {
    const incident = await tx.incident.findFirst({
      where: { id: input.incidentId, kind: "incident" },
      select: { id: true, name: true, kind: true, impact: true, isDraft: true, resolvedAt: true, components: { select: { componentId: true } } },
    });
    if (!incident) throw statusErrors.incidentNotFound();
    const resolving = input.status === "resolved" || input.status === "postmortem";
    if (incident.resolvedAt && input.status !== "postmortem") throw statusErrors.alreadyResolved();
    await tx.incident.update({
      where: { id: incident.id },
      data: { status: input.status, ...(resolving && !incident.resolvedAt ? { resolvedAt: now } : {}) },
      select: { id: true },
    });
    const componentIds = incident.components.map((c) => c.componentId);
    let changes: TAffectedComponent[] = [];
    if (!incident.isDraft) {
      if (input.componentStatus) changes = await changeComponents(tx, componentIds, input.componentStatus);
      else if (resolving && !incident.resolvedAt) changes = await restoreComponents(tx, componentIds, incident.id);
    }
    const update = await tx.incidentUpdate.create({
      data: { incidentId: incident.id, status: input.status, body: input.body, createdAt: now, displayAt: now, affectedComponents: storedChanges(changes) },
      select: { id: true },
    });
    await appendAudit(tx, {
      actor: input.actor,
      action: resolving ? "status.incident.resolve" : "status.incident.update",
      targetType: "Incident",
      targetId: incident.id,
      data: { status: input.status, updateId: update.id, componentStatus: input.componentStatus ?? null },
    });
    if (!incident.isDraft) {
      await enqueueNotification(tx, {
        event: resolving ? "incident.resolved" : "incident.updated",
        incident: { ...incident, status: input.status },
        update: { status: input.status, body: input.body, createdAt: now },
      });
    }
    return { incidentId: incident.id, updateId: update.id, status: input.status, resolved: resolving };
  });
  await afterStatusChange();
  return result;
}
