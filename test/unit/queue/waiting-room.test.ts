// Engine behaviour that does not depend on the store (the store contract is in test/integration).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryStore } from "@/lib/queue/memory-store";
import type { Visitor } from "@/lib/queue/types";
import { createWaitingRoom, cryptoShuffle } from "@/lib/queue/waiting-room";

const visitor = (n: number): Visitor => ({ userId: null, browserId: `browser-${n}-xxxxxxxxxx`, ip: `10.0.0.${n}` });

function setup() {
  let now = Date.UTC(2024, 8, 6);
  const room = createWaitingRoom({
    store: createMemoryStore(),
    secret: "unit-test-secret-unit-test-secret-0000",
    now: () => now,
    // The defaults leave an area open (QUEUE_SETTINGS_DEFAULTS): these tests turn the waiting room on.
    settings: { buy: { enabled: true, maxActiveUsers: 1, admitPerMinute: 60 }, affix: { enabled: true, maxActiveUsers: 1000 } },
  });
  return { room, advance: (ms: number) => (now += ms) };
}

describe("arrive (the guard's single call)", () => {
  it("continues a live session, polls a ticket, and re-enters after expiry", async () => {
    const { room, advance } = setup();
    const first = await room.arrive({ area: "buy", visitor: visitor(1) });
    assert.ok(first.state === "admitted" && first.admissionNumber === 1);
    const again = await room.arrive({ area: "buy", visitor: visitor(1), sessionToken: first.sessionToken });
    assert.ok(again.state === "admitted" && again.admissionNumber === null && again.sessionToken === first.sessionToken);

    const waiting = await room.arrive({ area: "buy", visitor: visitor(2) });
    assert.ok(waiting.state === "waiting" && waiting.phase === "queue" && waiting.position === 1);
    assert.equal(waiting.pollAfterSeconds, 2, "next in line: asks again within seconds");
    let last: Awaited<ReturnType<typeof room.arrive>> = waiting;
    for (let i = 3; i <= 30; i++) last = await room.arrive({ area: "buy", visitor: visitor(i) });
    assert.ok(last.state === "waiting" && last.ahead === 28 && last.estimatedWaitSeconds === 28);
    assert.equal(last.pollAfterSeconds, 20, "further back: about every 20 s");
    advance(130_000); // visitor 2 stopped polling
    const back = await room.arrive({ area: "buy", visitor: visitor(2), ticketToken: waiting.ticketToken });
    assert.equal(back.state, "waiting", "an expired ticket enters again instead of failing");
    assert.notEqual(back.state === "waiting" && back.ticketToken, waiting.ticketToken);
  });

  it("reports a copied ticket instead of silently queueing the copier", async () => {
    const { room } = setup();
    await room.enter({ area: "buy", visitor: visitor(1) });
    const waiting = await room.enter({ area: "buy", visitor: visitor(2) });
    assert.equal(waiting.state, "waiting");
    const token = waiting.state === "waiting" ? waiting.ticketToken : "";
    assert.deepEqual(await room.arrive({ area: "buy", visitor: visitor(3), ticketToken: token }), {
      state: "refused",
      reason: "binding_mismatch",
    });
    // A foreign session cookie is ignored: the visitor just continues as a newcomer.
    const result = await room.arrive({ area: "buy", visitor: visitor(3), sessionToken: token });
    assert.equal(result.state, "waiting");
  });

  it("validates settings and keeps areas independent", async () => {
    const { room } = setup();
    await assert.rejects(room.updateSettings({ area: "buy", changes: { maxActiveUsers: -1 } }));
    const opensAt = new Date(Date.UTC(2024, 8, 7));
    const affix = await room.updateSettings({ area: "affix", changes: { opensAt, sessionMinutes: 15 } });
    assert.deepEqual(affix, { enabled: true, maxActiveUsers: 1000, admitPerMinute: 600, sessionMinutes: 15, opensAt });
    assert.equal((await room.getSettings({ area: "buy" })).maxActiveUsers, 1);
  });
});

describe("cryptoShuffle", () => {
  it("returns a permutation and does not mutate its input", () => {
    const ids = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const copy = [...ids];
    const shuffled = cryptoShuffle(ids);
    assert.deepEqual(ids, copy);
    assert.deepEqual([...shuffled].sort(), [...ids].sort());
    assert.notDeepEqual(shuffled, ids);
  });
});
