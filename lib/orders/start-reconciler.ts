import "server-only";
import { env } from "@/lib/env";
import { reconcileOrders } from "./reconcile-orders";
import { processSingleton } from "@/lib/process-singleton";
import { runUnderLease } from "@/lib/leases/lease-keeper";

// Started once per process (the front door's bundle and Next's both call startServer's jobs).
const state = processSingleton("reconciler", () => ({ current: null as { timer: NodeJS.Timeout; running: boolean } | null }));

/**
 * Runs reconcileOrders every RECONCILE_INTERVAL_SECONDS inside the server process (0 turns it off).
 * Started once per process, however often this is called; a run never overlaps the previous one.
 */
export function startReconciler(): void {
  const seconds = env().reconcileIntervalSeconds;
  if (state.current || seconds === 0) return;
  const entry = { running: false, timer: undefined as unknown as NodeJS.Timeout };
  entry.timer = setInterval(async () => {
    if (entry.running) return;
    entry.running = true;
    try {
      // Once per cluster: the node holding the lease asks the provider.
      await runUnderLease("reconcile", async () => {
        const report = await reconcileOrders();
        if (report.credited || report.expired || report.failed || report.errors.length) {
          console.log(`[reconcile] checked ${report.checked}, credited ${report.credited}, expired ${report.expired}, failed ${report.failed}, errors ${report.errors.length}`);
        }
      });
    } catch (error) {
      console.error(`[reconcile] run failed: ${(error as Error).message}`);
    } finally {
      entry.running = false;
    }
  }, seconds * 1000);
  entry.timer.unref();
  state.current = entry;
}

/** For tests and shutdown. */
export function stopReconciler(): void {
  if (state.current) clearInterval(state.current.timer);
  state.current = null;
}
