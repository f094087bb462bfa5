// Each protected area's queue for the public API, the status page and the admin page.
import { portalQueue } from "./portal-waiting-room";
import type { AreaSummary } from "./types";

/** The engine's summary, with the opening time as an ISO string for JSON. */
export type TPublicQueueSummary = Omit<AreaSummary, "opensAt"> & { opensAt: string | null };

export async function getQueueSummaries(): Promise<TPublicQueueSummary[]> {
  const { room } = await portalQueue();
  const summaries = await room.summaries();
  return summaries.map((s) => ({ ...s, opensAt: s.opensAt?.toISOString() ?? null }));
}
