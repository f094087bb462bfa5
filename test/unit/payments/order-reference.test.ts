import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idSuffixOfReference, orderReference } from "@/lib/orders/order-reference";

describe("order references", () => {
  it("reads the id's random end as two groups of four, and takes it back however it is typed", () => {
    assert.equal(orderReference("cmx387dbi000fla7deth5xa8k"), "ETH5-XA8K");
    for (const typed of ["ETH5-XA8K", "eth5 xa8k", " eth5xa8k "]) assert.equal(idSuffixOfReference(typed.trim()), "eth5xa8k");
    assert.equal(idSuffixOfReference("pemohon@demo.local"), null);
    assert.equal(idSuffixOfReference("ETH5-XA8"), null);
  });
});
