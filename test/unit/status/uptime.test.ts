import assert from "node:assert/strict";
import { test } from "node:test";
import { jakartaDay, jakartaDayStart } from "@/lib/status/catalog";
import { buildUptimeDays, lastDays, statusFromSamples } from "@/lib/status/uptime";

test("days are Jakarta calendar days: 18:00 UTC is already the next day in WIB", () => {
  assert.equal(jakartaDay(new Date("2026-11-27T16:59:00Z")), "2026-11-27");
  assert.equal(jakartaDay(new Date("2026-11-27T17:00:00Z")), "2026-11-28");
  assert.equal(jakartaDayStart("2026-11-28").toISOString(), "2026-11-27T17:00:00.000Z");
});

test("the bar has 90 segments ending today; a day without samples is no data", () => {
  const now = new Date("2026-11-27T05:00:00Z");
  const days = lastDays(now);
  assert.equal(days.length, 90);
  assert.equal(days[89], "2026-11-27");
  assert.equal(days[0], "2026-08-30");
  const counts = new Map([["2026-11-27", { ok: 99, failed: 1 }], ["2026-11-26", { ok: 10, failed: 0 }]]);
  const r = buildUptimeDays({ days, counts, spans: [], now });
  assert.equal(r.days[89].uptimePercent, 99);
  assert.equal(r.days[89].worst, "degraded_performance");
  assert.equal(r.days[88].worst, "operational");
  assert.equal(r.days[0].worst, "no_data");
  assert.equal(r.days[0].uptimePercent, null);
  assert.equal(r.uptimePercent, 99.09);
});

test("a day is coloured by the worst of its samples and the incidents that named the component", () => {
  const now = new Date("2026-11-27T05:00:00Z");
  const days = lastDays(now, 3);
  const counts = new Map([["2026-11-26", { ok: 100, failed: 0 }]]);
  const spans = [{ from: new Date("2026-11-26T03:00:00Z"), until: new Date("2026-11-26T04:00:00Z"), impact: "critical" as const }];
  const r = buildUptimeDays({ days, counts, spans, now });
  assert.equal(r.days[1].worst, "major_outage");
  assert.equal(r.days[1].uptimePercent, 100);
  assert.equal(r.days[2].worst, "no_data");
  assert.equal(statusFromSamples({ ok: 70, failed: 30 }), "major_outage");
  assert.equal(statusFromSamples({ ok: 90, failed: 10 }), "partial_outage");
});
