import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideAdmission } from "@/lib/queue/admission";

describe("decideAdmission", () => {
  it("sheds only new, non-admitted heavy work while overloaded", () => {
    assert.deepEqual(decideAdmission({ overloaded: false, admitted: false, isQueueEntry: false }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: true, isQueueEntry: false }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: true }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: false, isHeavy: false }), { action: "allow" });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: false }), {
      action: "shed",
      status: 503,
      retryAfterSeconds: 10,
    });
    assert.deepEqual(decideAdmission({ overloaded: true, admitted: false, isQueueEntry: false, retryAfterSeconds: 0.2 }), {
      action: "shed",
      status: 503,
      retryAfterSeconds: 1,
    });
  });
});

describe("overload signal", () => {
  it("holds a database-unreachable signal for a few seconds, reported through the database layer's classification", async () => {
    const { asDatabaseUnavailable } = await import("@/lib/db/database-errors");
    const { overloadSnapshot } = await import("@/lib/server/overload");
    assert.equal(overloadSnapshot().overloaded, false);
    assert.ok(asDatabaseUnavailable(new Error("timeout exceeded when trying to connect")));
    assert.deepEqual(overloadSnapshot().reasons, ["database_unavailable"]);
    assert.equal(asDatabaseUnavailable(new Error("unique constraint failed")), null, "other errors say nothing about load");
  });
});
