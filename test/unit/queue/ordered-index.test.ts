import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OrderedIndex } from "@/lib/queue/ordered-index";
import { RecencyList } from "@/lib/queue/recency-list";

describe("OrderedIndex", () => {
  it("matches a naive sorted array through random inserts and removals, across rebuilds", () => {
    const index = new OrderedIndex();
    const naive: number[] = [];
    let seq = 0;
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let step = 0; step < 20_000; step += 1) {
      if (random() < 0.55 || naive.length === 0) {
        seq += 1 + Math.floor(random() * 3);
        index.insert(seq, `id-${seq}`);
        naive.push(seq);
      } else {
        // Mostly from the head (admissions), sometimes from the middle (abandoned tickets).
        const position = random() < 0.7 ? 0 : Math.floor(random() * naive.length);
        const [removed] = naive.splice(position, 1);
        assert.equal(index.remove(removed), true);
      }
      if (step % 97 === 0 && naive.length > 0) {
        const probe = naive[Math.floor(random() * naive.length)];
        assert.equal(index.rankOf(probe), naive.indexOf(probe));
        assert.deepEqual(index.first(), { seq: naive[0], id: `id-${naive[0]}` });
      }
      assert.equal(index.size, naive.length);
    }
  });

  it("refuses sequences that do not increase and ignores unknown removals", () => {
    const index = new OrderedIndex();
    index.insert(5, "a");
    assert.throws(() => index.insert(5, "b"));
    assert.equal(index.remove(4), false);
    assert.equal(index.remove(5), true);
    assert.equal(index.first(), null);
    index.insert(100_000, "far");
    assert.equal(index.rankOf(100_000), 0);
  });
});

describe("RecencyList", () => {
  it("keeps ids oldest first and moves renewed ones to the end", () => {
    const list = new RecencyList();
    list.renew("a", 1);
    list.renew("b", 2);
    list.renew("c", 3);
    list.renew("a", 4);
    assert.deepEqual(list.oldest(), { id: "b", at: 2 });
    list.delete("b");
    assert.deepEqual(list.oldest(), { id: "c", at: 3 });
    list.delete("c");
    list.delete("a");
    assert.equal(list.oldest(), null);
    assert.equal(list.size, 0);
  });
});
