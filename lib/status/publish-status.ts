import "server-only";
import type { TTx } from "@/lib/db/client";
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

/** Components named by an incident go back to operational when nothing else open names them. */
export async function restoreComponents(tx: TTx, componentIds: string[], exceptIncidentId: string) {
  for (const componentId of componentIds) {
    const other = await tx.incidentComponent.findFirst({
      where: {
        componentId,
        incidentId: { not: exceptIncidentId },
        incident: { isDraft: false, resolvedAt: null, OR: [{ kind: "incident" }, { kind: "maintenance", status: { in: ["in_progress", "verifying"] } }] },
      },
      select: { incidentId: true },
    });
    if (!other) await tx.statusComponent.update({ where: { id: componentId }, data: { status: "operational" }, select: { id: true } });
  }
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
