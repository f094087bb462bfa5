import "server-only";
// At server start: creates the process's waiting room and pushes the operators' settings from the
// QueueSetting table into it (with Redis, every starting process pushes the same rows).
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { portalQueue } from "./portal-waiting-room";
import { isArea } from "./types";

/** The waiting room's shared store cannot be reached: the node must not start (start-server.ts). */
export class WaitingRoomUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WaitingRoomUnavailable";
  }
}

export async function startWaitingRoom(): Promise<void> {
  let queue: Awaited<ReturnType<typeof portalQueue>>;
  try {
    queue = await portalQueue();
  } catch (error) {
    // Without its shared store a node would run a waiting room of its own, unfair to everyone else's.
    const redisUrl = env().redisUrl;
    const where = redisUrl ? `Redis at ${new URL(redisUrl).host}` : "the waiting room's store";
    throw new WaitingRoomUnavailable(`${where} (REDIS_URL) cannot be reached: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
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
