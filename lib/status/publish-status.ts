import "server-only";
import type { TTx } from "@/lib/db/client";
import type { TComponentStatus } from "./catalog";
import type { TAffectedComponent } from "./state";
import { getStatusState, invalidateStatus } from "./status-cache";
import { kickDeliveries } from "./subscriptions/process-deliveries";

/**
 * After a change is committed: reload the public state (which rewrites the snapshot file) and wake
 * the delivery worker. Failures here are logged, never thrown: the change itself is already published.
 */
export async function afterStatusChange() {
  invalidateStatus();
  try {
    await getStatusState({ fresh: true });
  } catch (error) {
    console.error(`[status] could not refresh after a change: ${(error as Error).message}`);
  }
  kickDeliveries();
}

/**
 * Sets the components' status (only those now in `onlyFrom`, when given) and returns what changed, for
 * the update that changed them (its affected_components). A component already in that status is left
 * alone, so its updated_at moves only when something changed.
 */
export async function changeComponents(tx: TTx, componentIds: string[], status: TComponentStatus, onlyFrom?: TComponentStatus[]): Promise<TAffectedComponent[]> {
  if (!componentIds.length) return [];
  const current = await tx.statusComponent.findMany({ where: { id: { in: componentIds } }, select: { id: true, status: true } });
  const changes = current
    .filter((c) => c.status !== status && (!onlyFrom || onlyFrom.includes(c.status as TComponentStatus)))
    .map((c) => ({ code: c.id, oldStatus: c.status as TComponentStatus, newStatus: status }));
  if (changes.length) await tx.statusComponent.updateMany({ where: { id: { in: changes.map((c) => c.code) } }, data: { status } });
  return changes;
}

/** How an update's affected components are stored (IncidentUpdate.affectedComponents). */
export function storedChanges(changes: TAffectedComponent[]): string | null {
  return changes.length ? JSON.stringify(changes) : null;
}

/** Components named by an incident go back to operational when nothing else open names them; returns what changed. */
export async function restoreComponents(tx: TTx, componentIds: string[], exceptIncidentId: string): Promise<TAffectedComponent[]> {
  const restore: string[] = [];
  for (const componentId of componentIds) {
    const other = await tx.incidentComponent.findFirst({
      where: {
        componentId,
        incidentId: { not: exceptIncidentId },
        incident: { isDraft: false, resolvedAt: null, OR: [{ kind: "incident" }, { kind: "maintenance", status: { in: ["in_progress", "verifying"] } }] },
      },
      select: { incidentId: true },
    });
    if (!other) restore.push(componentId);
  }
  return changeComponents(tx, restore, "operational");
}

/** Resolves component ids (or slugs) and refuses unknown ones with their names. */
export async function assertComponentsExist(tx: TTx, ids: string[]) {
  const { statusErrors } = await import("./status-errors");
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await tx.statusComponent.findMany({ where: { OR: [{ id: { in: unique } }, { slug: { in: unique } }] }, select: { id: true, slug: true } });
  const missing = unique.filter((x) => !found.some((f) => f.id === x || f.slug === x));
  if (missing.length) throw statusErrors.unknownComponents(missing);
  return [...new Set(unique.map((x) => found.find((f) => f.id === x || f.slug === x)!.id))];
}
