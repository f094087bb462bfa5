import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { statusForImpact } from "./catalog";
import type { TIncidentCreated } from "./api-schemas";
import type { TCreateIncident } from "./inputs";
import { afterStatusChange, assertComponentsExist, changeComponents, storedChanges } from "./publish-status";
import { enqueueNotification } from "./subscriptions/enqueue-notifications";

/** Opens an incident (published at once, or a draft for review) with its first update. */
export async function createIncident(input: TCreateIncident & { actor: TAuditActor; autoOpened?: boolean }): Promise<TIncidentCreated> {
  const now = new Date();
  const created = await db().$transaction(async (tx) => {
    const componentIds = await assertComponentsExist(tx, input.componentIds);
    const incident = await tx.incident.create({
      data: {
        kind: "incident",
        name: input.name,
        status: input.status,
        impact: input.impact,
        isDraft: input.isDraft,
        autoOpened: input.autoOpened ?? false,
        // The incident and its first update share one instant (created_at equals the first update's).
        createdAt: now,
        updatedAt: now,
        startedAt: now,
        publishedAt: input.isDraft ? null : now,
        components: { create: componentIds.map((componentId) => ({ componentId })) },
      },
      select: { id: true, name: true, status: true, impact: true, kind: true },
    });
    // A draft says nothing publicly yet: components change when it is published.
    const componentStatus = input.componentStatus ?? statusForImpact(input.impact);
    const changes = !input.isDraft && componentStatus ? await changeComponents(tx, componentIds, componentStatus) : [];
    await tx.incidentUpdate.create({
      data: { incidentId: incident.id, status: input.status, body: input.body, createdAt: now, displayAt: now, affectedComponents: storedChanges(changes) },
      select: { id: true },
    });
    await appendAudit(tx, {
      actor: input.actor,
      action: input.isDraft ? "status.incident.draft" : "status.incident.create",
      targetType: "Incident",
      targetId: incident.id,
      data: { name: input.name, status: input.status, impact: input.impact, componentIds, componentStatus, autoOpened: input.autoOpened ?? false },
    });
    if (!input.isDraft) await enqueueNotification(tx, { event: "incident.created", incident, update: { status: input.status, body: input.body, createdAt: now } });
    return { id: incident.id, kind: "incident" as const, name: incident.name, status: input.status, impact: input.impact, componentIds, isDraft: input.isDraft };
  });
  await afterStatusChange();
  return created;
}
