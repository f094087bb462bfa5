import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { statusForImpact, type TImpact } from "./catalog";
import { afterStatusChange } from "./publish-status";
import { statusErrors } from "./status-errors";
import { enqueueNotification } from "./subscriptions/enqueue-notifications";

/** Publishes a draft (for instance one the prober opened): it appears publicly and subscribers hear of it. */
export async function publishIncident(input: { incidentId: string; actor: TAuditActor }) {
  const now = new Date();
  const result = await db().$transaction(async (tx) => {
    const { count } = await tx.incident.updateMany({ where: { id: input.incidentId, isDraft: true }, data: { isDraft: false, publishedAt: now } });
    if (count === 0) {
      const exists = await tx.incident.findUnique({ where: { id: input.incidentId }, select: { id: true } });
      throw exists ? statusErrors.notADraft() : statusErrors.incidentNotFound();
    }
    const incident = await tx.incident.findUniqueOrThrow({
      where: { id: input.incidentId },
      select: { id: true, name: true, kind: true, status: true, impact: true, resolvedAt: true, components: { select: { componentId: true } }, updates: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, body: true, createdAt: true } } },
    });
    const componentStatus = statusForImpact(incident.impact as TImpact);
    const ids = incident.components.map((c) => c.componentId);
    if (!incident.resolvedAt && componentStatus && ids.length) {
      // Never improve a component's status by publishing: the prober may already have marked it down.
      await tx.statusComponent.updateMany({ where: { id: { in: ids }, status: "operational" }, data: { status: componentStatus } });
    }
    await appendAudit(tx, { actor: input.actor, action: "status.incident.publish", targetType: "Incident", targetId: incident.id });
    const update = incident.updates[0] ?? { status: incident.status, body: incident.name, createdAt: now };
    await enqueueNotification(tx, { event: incident.resolvedAt ? "incident.resolved" : "incident.created", incident, update });
    return { id: incident.id };
  });
  await afterStatusChange();
  return result;
}
