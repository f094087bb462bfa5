import "server-only";
import { getQueueSummaries } from "@/lib/queue/get-queue-summaries";
import type { TQueueSummary } from "./state";

const LABELS = {
  buy: { id: "Pembelian meterai", en: "Buying stamps" },
  affix: { id: "Pembubuhan meterai", en: "Affixing stamps" },
};

/**
 * Queue length and estimated wait per queued area, for the status page (lib/queue/). An area without
 * a queue shows 0 waiting and no estimate; if the queue store cannot answer, the page shows nothing
 * rather than failing.
 */
export async function queueSummariesForStatus(): Promise<TQueueSummary[]> {
  try {
    const summaries = await getQueueSummaries();
    return summaries.map((s) => ({
      area: s.area,
      label: LABELS[s.area],
      waiting: s.waiting,
      estimatedWaitSeconds: s.enabled ? s.estimatedWaitSeconds : null,
    }));
  } catch (error) {
    console.error(`[status] queue summaries unavailable: ${(error as Error).message}`);
    return [];
  }
}
