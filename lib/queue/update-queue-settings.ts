import "server-only";
// An operator changes an area's waiting-room settings: stored in QueueSetting with an audit entry in
// one transaction, then pushed to the engine (with Redis, every process sees it within a second).
import { z } from "zod";
import { appendAudit, type TAuditActor } from "@/lib/audit/append-audit";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { PORTAL_DEFAULT_SETTINGS, portalQueue } from "./portal-waiting-room";
import type { Area, AreaSettings } from "./types";

export const ZQueueSettingsInput = z
  .object({
    enabled: z.boolean(),
    maxActiveUsers: z.number().int().min(0).max(1_000_000),
    admitPerMinute: z.number().int().min(1).max(1_000_000),
    sessionMinutes: z.number().int().min(1).max(24 * 60),
    opensAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial()
  .strict();
export type TQueueSettingsInput = z.infer<typeof ZQueueSettingsInput>;

export type TQueueSettingsView = Omit<AreaSettings, "opensAt"> & { area: Area; opensAt: string | null };

export async function updateQueueSettings(input: { area: Area; changes: TQueueSettingsInput; actor: TAuditActor }): Promise<TQueueSettingsView> {
  const parsed = ZQueueSettingsInput.safeParse(input.changes);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    throw new AppError("INVALID_INPUT", { id: "Pengaturan antrean tidak valid.", en: "Invalid queue settings." }, { details: { issues } });
  }
  const { opensAt, ...rest } = parsed.data;
  const changes = { ...rest, ...(opensAt !== undefined ? { opensAt: opensAt === null ? null : new Date(opensAt) } : {}) };
  const saved = await db().$transaction(async (tx) => {
    const current = await tx.queueSetting.findUnique({
      where: { area: input.area },
      select: { enabled: true, maxActiveUsers: true, admitPerMinute: true, sessionMinutes: true, opensAt: true },
    });
    const next = { ...(current ?? PORTAL_DEFAULT_SETTINGS), ...changes };
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
  const settings = row ?? PORTAL_DEFAULT_SETTINGS;
  return { area, ...settings, opensAt: settings.opensAt?.toISOString() ?? null };
}
