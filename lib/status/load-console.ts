import "server-only";
import { db } from "@/lib/db/client";

/** What the operators' console shows: everything, drafts included. */
export async function loadStatusConsole() {
  const incidentSelect = {
    id: true, kind: true, name: true, status: true, impact: true, isDraft: true, autoOpened: true, createdAt: true, resolvedAt: true,
    scheduledFor: true, scheduledUntil: true,
    components: { select: { componentId: true } },
    updates: { select: { id: true, status: true, body: true, createdAt: true }, orderBy: { createdAt: "desc" as const } },
  };
  const [components, open, recent] = await Promise.all([
    db().statusComponent.findMany({ orderBy: { position: "asc" }, select: { id: true, slug: true, name: true, nameEn: true, status: true } }),
    db().incident.findMany({ where: { resolvedAt: null }, orderBy: { createdAt: "desc" }, take: 100, select: incidentSelect }),
    db().incident.findMany({ where: { resolvedAt: { not: null }, kind: "incident" }, orderBy: { resolvedAt: "desc" }, take: 10, select: incidentSelect }),
  ]);
  return {
    components,
    drafts: open.filter((i) => i.isDraft),
    activeIncidents: open.filter((i) => !i.isDraft && i.kind === "incident"),
    maintenances: open.filter((i) => !i.isDraft && i.kind === "maintenance"),
    recent,
  };
}

export async function loadOutbox() {
  return db().delivery.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, event: true, subject: true, body: true, attempts: true, deliveredAt: true, lastError: true, createdAt: true, recipient: true, subscriber: { select: { kind: true, target: true } } },
  });
}
