import "server-only";
// Notifications are rows written in the same transaction as the change they announce; sending
// happens later in the background (process-deliveries.ts), so a dead webhook or SMTP server can
// never hold up or roll back a publish.
import type { TTx } from "@/lib/db/client";
import { env } from "@/lib/env";

export type TNotificationEvent = "incident.created" | "incident.updated" | "incident.resolved" | "maintenance.scheduled" | "maintenance.started" | "maintenance.completed";

export type TNotification = {
  event: TNotificationEvent;
  incident: { id: string; kind: string; name: string; status: string; impact: string; scheduledFor?: Date | null; scheduledUntil?: Date | null };
  update: { status: string; body: string; createdAt: Date };
};

export function notificationPayload(n: TNotification) {
  return {
    event: n.event,
    page: { url: `${env().publicUrl}/status` },
    incident: {
      id: n.incident.id,
      kind: n.incident.kind,
      name: n.incident.name,
      status: n.incident.status,
      impact: n.incident.impact,
      scheduled_for: n.incident.scheduledFor?.toISOString() ?? null,
      scheduled_until: n.incident.scheduledUntil?.toISOString() ?? null,
      shortlink: `${env().publicUrl}/status#${n.incident.kind}-${n.incident.id}`,
    },
    update: { status: n.update.status, body: n.update.body, created_at: n.update.createdAt.toISOString() },
  };
}

const EVENT_TEXT: Record<TNotificationEvent, string> = {
  "incident.created": "Insiden baru / New incident",
  "incident.updated": "Pembaruan insiden / Incident update",
  "incident.resolved": "Insiden selesai / Incident resolved",
  "maintenance.scheduled": "Pemeliharaan terjadwal / Maintenance scheduled",
  "maintenance.started": "Pemeliharaan dimulai / Maintenance started",
  "maintenance.completed": "Pemeliharaan selesai / Maintenance completed",
};

export async function enqueueNotification(tx: TTx, n: TNotification) {
  const subscribers = await tx.subscriber.findMany({ where: { confirmedAt: { not: null } }, select: { id: true, kind: true } });
  if (!subscribers.length) return 0;
  const subject = `[${EVENT_TEXT[n.event]}] ${n.incident.name}`;
  const payload = JSON.stringify(notificationPayload(n));
  const text = `${n.incident.name}\n${n.update.status}: ${n.update.body}\n\n${env().publicUrl}/status#${n.incident.kind}-${n.incident.id}`;
  await tx.delivery.createMany({
    data: subscribers.map((s) => ({ subscriberId: s.id, event: n.event, subject, body: s.kind === "WEBHOOK" ? payload : text })),
  });
  return subscribers.length;
}
