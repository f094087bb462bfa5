import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { statusForImpact, type TImpact } from "./catalog";
import { afterStatusChange, changeComponents, storedChanges } from "./publish-status";
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
      select: { id: true, name: true, kind: true, status: true, impact: true, resolvedAt: true, components: { select: { componentId: true } }, updates: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, body: true, createdAt: true } } },
    });
    const componentStatus = statusForImpact(incident.impact as TImpact);
    const ids = incident.components.map((c) => c.componentId);
    const latest = incident.updates[0];
    if (!incident.resolvedAt && componentStatus) {
      // Never improve a component's status by publishing: the prober may already have marked it down.
      const changes = await changeComponents(tx, ids, componentStatus, ["operational"]);
      // Publishing adds no update: the changes belong to the latest one, which now becomes public.
      if (changes.length && latest) await tx.incidentUpdate.update({ where: { id: latest.id }, data: { affectedComponents: storedChanges(changes) }, select: { id: true } });
    }
    await appendAudit(tx, { actor: input.actor, action: "status.incident.publish", targetType: "Incident", targetId: incident.id });
    const update = latest ?? { status: incident.status, body: incident.name, createdAt: now };
    await enqueueNotification(tx, { event: incident.resolvedAt ? "incident.resolved" : "incident.created", incident, update });
    return { id: incident.id };
  });
  await afterStatusChange();
  return result;
}
