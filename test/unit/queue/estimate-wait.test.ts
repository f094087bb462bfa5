import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  effectiveAdmitPerMinute,
  estimatePreQueueWaitSeconds,
  estimateWaitSeconds,
  measureAdmitPerMinute,
} from "@/lib/queue/estimate-wait";

const BUCKET = 5000;
const NOW = 1_000_000 * BUCKET;

describe("wait estimates", () => {
  it("measures admissions per minute over the time people were waiting", () => {
    const samples = Array.from({ length: 12 }, (_, i) => ({ bucket: NOW / BUCKET - 12 + i, admitted: 5, busy: true }));
    assert.equal(measureAdmitPerMinute({ samples, now: NOW, windowMs: 60_000, bucketMs: BUCKET }), 60);
  });

  it("ignores idle time and buckets outside the window", () => {
    const samples = [
      { bucket: NOW / BUCKET - 30, admitted: 500, busy: true }, // too old
      { bucket: NOW / BUCKET - 4, admitted: 0, busy: false }, // nobody waited
      { bucket: NOW / BUCKET - 3, admitted: 10, busy: true },
      { bucket: NOW / BUCKET - 2, admitted: 10, busy: true },
    ];
    assert.equal(measureAdmitPerMinute({ samples, now: NOW, windowMs: 60_000, bucketMs: BUCKET }), 120);
  });

  it("has no measurement without enough busy time or admissions", () => {
    const one = [{ bucket: NOW / BUCKET - 1, admitted: 3, busy: true }];
    assert.equal(measureAdmitPerMinute({ samples: one, now: NOW, windowMs: 60_000, bucketMs: BUCKET }), null);
    const stuck = Array.from({ length: 12 }, (_, i) => ({ bucket: NOW / BUCKET - 12 + i, admitted: 0, busy: true }));
    assert.equal(measureAdmitPerMinute({ samples: stuck, now: NOW, windowMs: 60_000, bucketMs: BUCKET }), null);
  });

  it("falls back to the configured rate and never exceeds it", () => {
    assert.equal(effectiveAdmitPerMinute({ measured: null, configured: 600 }), 600);
    assert.equal(effectiveAdmitPerMinute({ measured: 30, configured: 600 }), 30);
    assert.equal(effectiveAdmitPerMinute({ measured: 900, configured: 600 }), 600);
  });

  it("divides people ahead by the rate, finite even for tiny rates", () => {
    assert.equal(estimateWaitSeconds({ ahead: 0, admitPerMinute: 600 }), 0);
    assert.equal(estimateWaitSeconds({ ahead: 6000, admitPerMinute: 600 }), 600);
    assert.ok(Number.isFinite(estimateWaitSeconds({ ahead: 10, admitPerMinute: effectiveAdmitPerMinute({ measured: null, configured: 0 }) })));
  });

  it("adds the time until opening and half the pre-queue", () => {
    assert.equal(estimatePreQueueWaitSeconds({ now: 0, opensAtMs: 60_000, preQueueSize: 121, admitPerMinute: 60 }), 120);
  });
});
