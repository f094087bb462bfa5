import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomBytes } from "@/lib/random-bytes";

describe("randomBytes (drawn in batches)", () => {
  it("never hands out the same bytes twice, and an array handed out keeps its bytes while later draws go on", () => {
    const first = randomBytes(16);
    const kept = Buffer.from(first);
    const seen = new Set<string>([first.toString("hex")]);
    // Several batches' worth: draws that cross from one batch to the next included.
    for (let i = 0; i < 2000; i++) {
      const draw = randomBytes(10 + (i % 7));
      assert.equal(draw.length, 10 + (i % 7));
      const hex = draw.toString("hex");
      assert.ok(!seen.has(hex), "a repeated draw");
      seen.add(hex);
    }
    assert.ok(first.equals(kept), "an earlier draw was overwritten");
  });

  it("serves draws larger than a batch's share straight from the CSPRNG", () => {
    const big = randomBytes(64 * 1024);
    assert.equal(big.length, 64 * 1024);
    // 64 KiB of zeros (or of one repeated byte) from a working CSPRNG does not happen.
    assert.ok(new Set(big).size > 200);
  });
});
