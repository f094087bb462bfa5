import "server-only";
// The status page's background work in this process: the six components exist, probes run every
// PROBE_INTERVAL_SECONDS (0 disables them here, e.g. when `npm run prober` runs them elsewhere),
// maintenance windows start and end on time, and the delivery queue is drained.
import { env } from "@/lib/env";
import { advanceDueMaintenances } from "./advance-maintenance";
import { ensureStatusComponents } from "./ensure-components";
import { proberActor, pruneHealthSamples, runProbes } from "./prober/run-probes";
import { getStatusState } from "./status-cache";
import { kickDeliveries } from "./subscriptions/process-deliveries";
import { processSingleton } from "@/lib/process-singleton";
import { runUnderLease } from "@/lib/leases/lease-keeper";

const jobs = processSingleton("status-jobs", () => ({ started: false }));

export async function startStatusJobs(options: { probes?: boolean } = {}) {
  if (jobs.started) return;
  jobs.started = true;
  try {
    await ensureStatusComponents();
    await getStatusState({ fresh: true }); // writes the first snapshot
  } catch (error) {
    console.error(`[status] start: ${(error as Error).message}`);
  }
  const interval = env().probe.intervalSeconds;
  if (interval > 0 && options.probes !== false) startProbeLoop(interval);
  setInterval(() => {
    // Once per cluster: transitions and deliveries are made by the node holding the lease.
    runUnderLease("status-maintenance", async () => {
      await advanceDueMaintenances(proberActor);
      kickDeliveries();
    }).catch((e) => console.error(`[status] maintenance: ${(e as Error).message}`));
  }, 15_000).unref();
}

export function startProbeLoop(intervalSeconds: number) {
  let lastPrune = 0;
  let running = false;
  const tick = async () => {
    // Probes slower than the interval (a saturated machine) must not overlap: one sample per tick.
    if (running) return;
    running = true;
    try {
      // One probe series per cluster: only the node holding the lease probes (and opens incidents).
      await runUnderLease("probes", async () => {
        await runProbes();
        if (Date.now() - lastPrune > 3600_000) {
          lastPrune = Date.now();
          await pruneHealthSamples();
        }
      });
    } catch (error) {
      console.error(`[status] probes: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  setTimeout(tick, 2_000).unref();
  return setInterval(tick, intervalSeconds * 1000).unref();
}
