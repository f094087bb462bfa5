// Each protected area's queue for the public API, the status page and the admin page.
import { portalQueue } from "./portal-waiting-room";
import type { Area } from "./types";

export type TPublicQueueSummary = {
  area: Area;
  enabled: boolean;
  waiting: number;
  active: number;
  estimatedWaitSeconds: number;
  admitPerMinute: number;
  measuredAdmitPerMinute: number | null;
  maxActiveUsers: number;
  admittedTotal: number;
  opensAt: string | null;
};

export async function getQueueSummaries(): Promise<TPublicQueueSummary[]> {
  const { room } = await portalQueue();
  const summaries = await room.summaries();
  return summaries.map((s) => ({
    area: s.area,
    enabled: s.enabled,
    waiting: s.waiting,
    active: s.active,
    estimatedWaitSeconds: s.estimatedWaitSeconds,
    admitPerMinute: s.admitPerMinute,
    measuredAdmitPerMinute: s.measuredAdmitPerMinute,
    maxActiveUsers: s.maxActiveUsers,
    admittedTotal: s.admittedTotal,
    opensAt: s.opensAt?.toISOString() ?? null,
  }));
}
