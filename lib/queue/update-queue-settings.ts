import "server-only";
// An operator changes an area's waiting-room settings: stored in QueueSetting with an audit entry in
// one transaction, then pushed to the engine (with Redis, every process sees it within a second).
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { portalQueue } from "./portal-waiting-room";
import { QUEUE_SETTINGS_DEFAULTS, type TQueueSettingsInput, type TQueueSettingsView } from "./queue-settings";
import type { Area } from "./types";

export async function updateQueueSettings(input: { area: Area; changes: TQueueSettingsInput; actor: TAuditActor }): Promise<TQueueSettingsView> {
  const { opensAt, ...rest } = input.changes;
  const changes = { ...rest, ...(opensAt !== undefined ? { opensAt: opensAt === null ? null : new Date(opensAt) } : {}) };
  const saved = await db().$transaction(async (tx) => {
    const current = await tx.queueSetting.findUnique({
      where: { area: input.area },
      select: { enabled: true, maxActiveUsers: true, admitPerMinute: true, sessionMinutes: true, opensAt: true },
    });
    const next = { ...(current ?? QUEUE_SETTINGS_DEFAULTS), ...changes };
    const row = await tx.queueSetting.upsert({
      where: { area: input.area },
      create: { area: input.area, ...next },
      update: next,
      select: { enabled: true, maxActiveUsers: true, admitPerMinute: true, sessionMinutes: true, opensAt: true },
    });
    await appendAudit(tx, {
      actor: input.actor,
      action: "queue.settings.update",
      targetType: "QueueSetting",
      targetId: input.area,
      data: { ...row, opensAt: row.opensAt?.toISOString() ?? null },
    });
    return row;
  });
  await (await portalQueue()).updateSettings(input.area, saved);
  return { area: input.area, ...saved, opensAt: saved.opensAt?.toISOString() ?? null };
}

/** The settings as stored (the table is the source of truth; the engine follows it). */
export async function getQueueSettings(area: Area): Promise<TQueueSettingsView> {
  const row = await db().queueSetting.findUnique({
    where: { area },
    select: { enabled: true, maxActiveUsers: true, admitPerMinute: true, sessionMinutes: true, opensAt: true },
  });
  const settings = row ?? QUEUE_SETTINGS_DEFAULTS;
  return { area, ...settings, opensAt: settings.opensAt?.toISOString() ?? null };
}
