// `npm run prober`: runs the status probes in their own process. Probes run under the cluster's "probes"
// lease (lib/leases/), so whichever of this process and the web servers holds it probes, never two.
// Ctrl-C stops it.
import { env } from "@/lib/env";
import { ensureStatusComponents } from "@/lib/status/ensure-components";
import { startProbeLoop } from "@/lib/status/start-status-jobs";
import { kickDeliveries } from "@/lib/status/subscriptions/process-deliveries";

const interval = env().probe.intervalSeconds || 60;
await ensureStatusComponents();
startProbeLoop(interval);
setInterval(kickDeliveries, 15_000);
console.log(`[prober] probing every ${interval} s; press Ctrl-C to stop`);
// The loop's timers are unref'd for the web server; here the process must stay alive.
setInterval(() => {}, 1 << 30);
