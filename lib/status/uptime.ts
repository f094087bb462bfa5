// The 90-day uptime bar: per Jakarta day, the share of passing probes and the worst status seen,
// from the probes' failure rate and from the published incidents and maintenance that named the component.
import { jakartaDay, jakartaDayStart, statusForImpact, worstStatus, type TDayStatus, type TImpact } from "./catalog";
import type { TUptimeDay } from "./state";

export const UPTIME_DAYS = 90;

export type TDayCounts = { ok: number; failed: number };
export type TIncidentSpan = { from: Date; until: Date | null; impact: TImpact | "maintenance" };

/** The last `count` Jakarta days, oldest first, ending with today. */
export function lastDays(now: Date, count = UPTIME_DAYS): string[] {
  const today = jakartaDayStart(jakartaDay(now)).getTime();
  return Array.from({ length: count }, (_, i) => jakartaDay(today - (count - 1 - i) * 86_400_000));
}

/** A failure share turned into a status: any failure is at least degraded; a tenth failing is an outage. */
export function statusFromSamples(c: TDayCounts): TDayStatus {
  const total = c.ok + c.failed;
  if (total === 0) return "no_data";
  const failed = c.failed / total;
  if (failed === 0) return "operational";
  if (failed < 0.05) return "degraded_performance";
  if (failed < 0.25) return "partial_outage";
  return "major_outage";
}

export function buildUptimeDays(input: { days: string[]; counts: Map<string, TDayCounts>; spans: TIncidentSpan[]; now: Date }): { days: TUptimeDay[]; uptimePercent: number | null } {
  let ok = 0;
  let total = 0;
  const days = input.days.map((date) => {
    const c = input.counts.get(date) ?? { ok: 0, failed: 0 };
    const samples = c.ok + c.failed;
    ok += c.ok;
    total += samples;
    let worst = statusFromSamples(c);
    const start = jakartaDayStart(date).getTime();
    const end = start + 86_400_000;
    for (const span of input.spans) {
      const until = (span.until ?? input.now).getTime();
      if (span.from.getTime() >= end || until < start) continue;
      const s = span.impact === "maintenance" ? "under_maintenance" : statusForImpact(span.impact);
      // An incident says something about a day even without samples (the prober may have been off).
      if (s) worst = worst === "no_data" ? s : worstStatus(worst, s);
    }
    return { date, uptimePercent: samples ? round2((c.ok / samples) * 100) : null, worst, samples };
  });
  return { days, uptimePercent: total ? round2((ok / total) * 100) : null };
}

function round2(n: number) {
  return Math.floor(n * 100) / 100;
}
