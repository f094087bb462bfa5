import "server-only";
// At server start: creates the process's waiting room and pushes the operators' settings from the
// QueueSetting table into it (with Redis, every starting process pushes the same rows).
import { db } from "@/lib/db/client";
import { portalQueue } from "./portal-waiting-room";
import { isArea } from "./types";

export async function startWaitingRoom(): Promise<void> {
  try {
    const queue = await portalQueue();
    const rows = await db().queueSetting.findMany({
      select: { area: true, enabled: true, maxActiveUsers: true, admitPerMinute: true, sessionMinutes: true, opensAt: true },
    });
    for (const { area, ...settings } of rows) {
      if (isArea(area)) await queue.updateSettings(area, settings);
    }
    console.log(`[start] waiting room ready (${queue.storeKind} store; ${rows.filter((r) => r.enabled).map((r) => r.area).join(", ") || "no area"} queued)`);
  } catch (error) {
    console.error(`[start] waiting room could not start: ${(error as Error).message}`);
  }
}
