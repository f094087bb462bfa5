import "server-only";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import type { TComponentSet } from "./api-schemas";
import type { TComponentStatus } from "./catalog";
import { afterStatusChange } from "./publish-status";
import { statusErrors } from "./status-errors";

export async function setComponentStatus(input: { componentId: string; status: TComponentStatus; actor: TAuditActor }): Promise<TComponentSet> {
  const result = await db().$transaction(async (tx) => {
    const component = await tx.statusComponent.findFirst({ where: { OR: [{ id: input.componentId }, { slug: input.componentId }] }, select: { id: true, slug: true, status: true } });
    if (!component) throw statusErrors.componentNotFound();
    const updated = await tx.statusComponent.update({ where: { id: component.id }, data: { status: input.status }, select: { id: true, slug: true, status: true, updatedAt: true } });
    await appendAudit(tx, { actor: input.actor, action: "status.component.set", targetType: "StatusComponent", targetId: component.id, data: { from: component.status, to: input.status } });
    return { id: updated.id, slug: updated.slug, status: input.status, updatedAt: updated.updatedAt.toISOString() };
  });
  await afterStatusChange();
  return result;
}
