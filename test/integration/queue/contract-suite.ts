// One behaviour contract for every QueueStore. contract.test.ts runs it against the in-process
// memory store and against a real Redis, so both stores are held to the same story.
import assert from "node:assert/strict";
import { after, afterEach, beforeEach, describe, it } from "node:test";
import type { Area, AreaSettings, EnterResult, QueueStore, Visitor } from "@/lib/queue/types";
import type { WaitingRoom, WaitingRoomOptions } from "@/lib/queue/waiting-room";
import { anonymous, buildRoom, createClock, seededRandom, type Clock, type StoreFactory } from "./harness";

const AREA: Area = "buy";

/** Visitors of one scenario, with what each currently holds. */
class Crowd {
  readonly tickets = new Map<number, string>();
  readonly sessions = new Map<number, string>();
  readonly admittedOrder: number[] = [];
  readonly admittedAt = new Map<number, number>();
  readonly admissionNumbers = new Map<number, number | null>();
  readonly refusals = new Map<number, string>();

  constructor(
    private readonly room: WaitingRoom,
    private readonly clock: Clock,
    private readonly visitorOf: (index: number) => Visitor = (index) => anonymous(index),
  ) {}

  async enter(index: number): Promise<EnterResult> {
    const result = await this.room.enter({ area: AREA, visitor: this.visitorOf(index) });
    this.record(index, result);
    return result;
  }

  async poll(index: number): Promise<EnterResult> {
    const ticketToken = this.tickets.get(index);
    assert.ok(ticketToken, `visitor ${index} has no ticket`);
    const result = await this.room.poll({ area: AREA, visitor: this.visitorOf(index), ticketToken });
    this.record(index, result);
    return result;
  }

  waiting(): number[] {
    return [...this.tickets.keys()];
  }

  async pollAll(order: number[] = this.waiting()): Promise<void> {
    for (const index of order) if (this.tickets.has(index)) await this.poll(index);
  }

  async release(index: number): Promise<boolean> {
    const token = this.sessions.get(index);
    assert.ok(token, `visitor ${index} has no session`);
    this.sessions.delete(index);
    return this.room.release({ area: AREA, visitor: this.visitorOf(index), token });
  }

  private record(index: number, result: EnterResult): void {
    if (result.state === "waiting") {
      this.tickets.set(index, result.ticketToken);
    } else if (result.state === "admitted") {
      this.tickets.delete(index);
      if (!this.admittedAt.has(index)) {
        this.admittedOrder.push(index);
        this.admittedAt.set(index, this.clock.now());
        this.admissionNumbers.set(index, result.admissionNumber);
      }
      this.sessions.set(index, result.sessionToken);
    } else {
      this.tickets.delete(index);
      this.refusals.set(index, result.reason);
    }
  }
}

function range(count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function defineQueueContract(factory: StoreFactory): void {
  describe(`waiting room contract (${factory.name} store)`, () => {
    let store: QueueStore;
    let cleanup: () => Promise<void>;
    let clock: Clock;

    beforeEach(async () => {
      ({ store, cleanup } = await factory.create());
      clock = createClock();
    });
    afterEach(async () => cleanup());
    after(async () => factory.dispose());

    function room(buy: Partial<AreaSettings> = {}, extra: Partial<WaitingRoomOptions> = {}): WaitingRoom {
      return buildRoom({ store, clock, buy, extra });
    }

    it("admits at once when the area has room and nobody waits", async () => {
      const crowd = new Crowd(room({ admitPerMinute: 600 }), clock);
      const result = await crowd.enter(1);
      assert.equal(result.state, "admitted");
      assert.ok(result.state === "admitted" && result.expiresAt.getTime() === clock.now() + 10 * 60_000);
    });

    it("keeps strict FIFO under random interleavings of joins and polls", async () => {
      const random = seededRandom(42);
      const crowd = new Crowd(room({ admitPerMinute: 60 }), clock);
      const joinOrder: number[] = [];
      const lastPosition = new Map<number, number>();
      let next = 0;
      while (crowd.admittedOrder.length < 60) {
        // Joins arrive in bursts at random moments while others poll in random order.
        const joins = next < 60 ? Math.floor(random() * 4) : 0;
        for (let j = 0; j < joins && next < 60; j += 1) {
          joinOrder.push(next);
          await crowd.enter(next++);
        }
        for (const index of shuffled(crowd.waiting(), random)) {
          const result = await crowd.poll(index);
          if (result.state === "waiting" && result.phase === "queue") {
            assert.ok(result.position <= (lastPosition.get(index) ?? Infinity), "a place never moves back");
            lastPosition.set(index, result.position);
          }
        }
        clock.advance(200 + Math.floor(random() * 1600));
      }
      assert.deepEqual(crowd.admittedOrder, joinOrder);
      assert.deepEqual(
        joinOrder.map((index) => crowd.admissionNumbers.get(index)),
        range(60, 1),
        "admission numbers follow join order",
      );
    });

    it("respects admitPerMinute over simulated minutes, spread evenly", async () => {
      const waitingRoom = room({ admitPerMinute: 600, maxActiveUsers: 100_000 }, { ticketTtlSeconds: 3600 });
      const crowd = new Crowd(waitingRoom, clock);
      for (const index of range(2500)) await crowd.enter(index);
      const start = (await waitingRoom.summary({ area: AREA })).active;
      const perSecond: number[] = [];
      let previous = start;
      for (let second = 0; second < 180; second += 1) {
        for (let tick = 0; tick < 10; tick += 1) {
          clock.advance(100);
          await waitingRoom.summary({ area: AREA });
        }
        const { active } = await waitingRoom.summary({ area: AREA });
        perSecond.push(active - previous);
        previous = active;
      }
      const admitted = previous;
      const expected = 600 * 3;
      assert.ok(Math.abs(admitted - expected) <= expected * 0.05, `admitted ${admitted}, expected ≈ ${expected}`);
      // 600/min is 10/s: no second may release a minute's worth at once (bucket holds 1 s).
      assert.ok(Math.max(...perSecond) <= 11, `max per second ${Math.max(...perSecond)}`);
      const summary = await waitingRoom.summary({ area: AREA });
      assert.ok(summary.measuredAdmitPerMinute !== null);
      assert.ok(Math.abs(summary.measuredAdmitPerMinute - 600) <= 30, `measured ${summary.measuredAdmitPerMinute}`);
    });

    it("never lets more than maxActiveUsers in, and release frees a place", async () => {
      const waitingRoom = room({ admitPerMinute: 600, maxActiveUsers: 5 });
      const crowd = new Crowd(waitingRoom, clock);
      for (const index of range(20)) await crowd.enter(index);
      for (let second = 0; second < 30; second += 1) {
        clock.advance(1000);
        await crowd.pollAll();
        assert.ok(crowd.sessions.size <= 5);
        assert.ok((await waitingRoom.summary({ area: AREA })).active <= 5);
      }
      assert.deepEqual(crowd.admittedOrder, range(5));
      assert.equal(await crowd.release(0), true);
      assert.equal(await crowd.release(1), true);
      clock.advance(1000);
      await crowd.pollAll();
      assert.deepEqual(crowd.admittedOrder, range(7));
      const summary = await waitingRoom.summary({ area: AREA });
      assert.equal(summary.active, 5);
      assert.equal(summary.waiting, 13);
    });

    it("release ends the session once; leaving the queue also frees the place", async () => {
      const waitingRoom = room({ maxActiveUsers: 1 });
      const crowd = new Crowd(waitingRoom, clock);
      await crowd.enter(0);
      await crowd.enter(1);
      const sessionToken = crowd.sessions.get(0)!;
      assert.equal(await waitingRoom.release({ area: AREA, visitor: anonymous(0), token: sessionToken }), true);
      assert.equal(await waitingRoom.release({ area: AREA, visitor: anonymous(0), token: sessionToken }), false);
      const touched = await waitingRoom.touch({ area: AREA, visitor: anonymous(0), sessionToken });
      assert.deepEqual(touched, { ok: false, reason: "expired" });
      clock.advance(1000);
      assert.equal((await crowd.poll(1)).state, "admitted");

      await crowd.enter(2);
      await crowd.enter(3);
      assert.equal(await waitingRoom.release({ area: AREA, visitor: anonymous(2), token: crowd.tickets.get(2)! }), true);
      const third = await crowd.poll(3);
      assert.ok(third.state === "waiting" && third.phase === "queue" && third.position === 1);
    });

    it("drops abandoned tickets so they do not hold up the queue", async () => {
      const waitingRoom = room({ maxActiveUsers: 1 });
      const crowd = new Crowd(waitingRoom, clock);
      await crowd.enter(0); // admitted
      await crowd.enter(1); // abandons
      await crowd.enter(2); // keeps polling
      for (let second = 20; second <= 140; second += 20) {
        clock.advance(20_000);
        await crowd.poll(2);
      }
      assert.equal((await waitingRoom.summary({ area: AREA })).waiting, 1);
      const polled = await crowd.poll(2);
      assert.ok(polled.state === "waiting" && polled.phase === "queue" && polled.position === 1);
      await crowd.release(0);
      clock.advance(1000);
      assert.equal((await crowd.poll(2)).state, "admitted");
      assert.deepEqual(await crowd.poll(1), { state: "refused", reason: "expired" });
    });

    it("expires idle sessions after sessionMinutes, and touching keeps them alive", async () => {
      const waitingRoom = room({ maxActiveUsers: 2, sessionMinutes: 10, admitPerMinute: 600 });
      const crowd = new Crowd(waitingRoom, clock);
      await crowd.enter(0);
      await crowd.enter(1);
      await crowd.enter(2); // waits
      const busy = crowd.sessions.get(1)!;
      for (let minute = 1; minute <= 30; minute += 1) {
        clock.advance(60_000);
        if (crowd.tickets.has(2)) await crowd.poll(2);
        if (minute < 10) assert.ok(crowd.tickets.has(2), `visitor 2 still waits at minute ${minute}`);
        if (minute % 5 !== 0) continue;
        const touched = await waitingRoom.touch({ area: AREA, visitor: anonymous(1), sessionToken: busy });
        assert.ok(touched.ok, `busy session alive at minute ${minute}`);
        assert.equal(touched.expiresAt.getTime(), clock.now() + 10 * 60_000);
      }
      // Visitor 0 never touched: after 10 idle minutes the place went to visitor 2.
      assert.ok(crowd.sessions.has(2));
      const idle = await waitingRoom.touch({ area: AREA, visitor: anonymous(0), sessionToken: crowd.sessions.get(0)! });
      assert.deepEqual(idle, { ok: false, reason: "expired" });
    });

    it("shuffles the pre-queue at opening, then serves later joiners FIFO", async () => {
      const opensAt = new Date(clock.now() + 60_000);
      const waitingRoom = room({ admitPerMinute: 60, opensAt });
      const crowd = new Crowd(waitingRoom, clock);
      for (const index of range(30)) {
        const result = await crowd.enter(index);
        assert.ok(result.state === "waiting" && result.phase === "pre-queue");
        assert.equal(result.position, null);
        assert.equal(result.opensAt.getTime(), opensAt.getTime());
        assert.ok(result.estimatedWaitSeconds >= 60 - 1);
      }
      for (let second = 0; second < 59; second += 1) {
        clock.advance(1000);
        await crowd.pollAll();
      }
      assert.equal(crowd.admittedOrder.length, 0, "nobody before opening");
      clock.advance(2000);
      for (const index of range(10, 30)) await crowd.enter(index);
      while (crowd.waiting().length > 0) {
        await crowd.pollAll();
        clock.advance(1000);
      }
      const early = crowd.admittedOrder.slice(0, 30);
      assert.deepEqual([...early].sort((a, b) => a - b), range(30), "pre-queue admitted first");
      assert.notDeepEqual(early, range(30), "pre-queue order is random, not join order");
      assert.deepEqual(crowd.admittedOrder.slice(30), range(10, 30), "later joiners FIFO");
    });

    it("refuses forged tickets", async () => {
      const waitingRoom = room({ maxActiveUsers: 0 });
      const crowd = new Crowd(waitingRoom, clock);
      const result = await crowd.enter(0);
      assert.equal(result.state, "waiting");
      const token = crowd.tickets.get(0)!;
      const [version, payload, signature] = token.split(".");
      const decoded = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
      const tampered = Buffer.from(JSON.stringify({ ...decoded, id: "AAAAAAAAAAAAAAAAAAAAAA" })).toString("base64url");
      const forgeries = [
        `${version}.${tampered}.${signature}`,
        `${version}.${payload}.${signature.slice(0, -2)}xx`,
        "not-a-token",
        "",
      ];
      for (const ticketToken of forgeries) {
        assert.deepEqual(await waitingRoom.poll({ area: AREA, visitor: anonymous(0), ticketToken }), { state: "refused", reason: "forged" });
      }
      const otherSecret = buildRoom({ store, clock, extra: { secret: "another-secret-another-secret-another" } });
      assert.deepEqual(await otherSecret.poll({ area: AREA, visitor: anonymous(0), ticketToken: token }), {
        state: "refused",
        reason: "forged",
      });
      // A ticket is not a session, and a buy ticket is not an affix ticket.
      const asSession = await waitingRoom.touch({ area: AREA, visitor: anonymous(0), sessionToken: token });
      assert.deepEqual(asSession, { ok: false, reason: "forged" });
      const otherArea = await waitingRoom.poll({ area: "affix", visitor: anonymous(0), ticketToken: token });
      assert.deepEqual(otherArea, { state: "refused", reason: "forged" });
    });

    it("refuses a ticket copied to another device, but follows its owner signing in", async () => {
      const waitingRoom = room({ maxActiveUsers: 0 });
      const owner = anonymous(0);
      const entered = await waitingRoom.enter({ area: AREA, visitor: owner });
      assert.equal(entered.state, "waiting");
      const ticketToken = entered.state === "waiting" ? entered.ticketToken : "";
      const copies: Visitor[] = [anonymous(1), { ...owner, ip: "192.0.2.7" }, { ...anonymous(1), userId: "user-1" }];
      for (const visitor of copies) {
        assert.deepEqual(await waitingRoom.poll({ area: AREA, visitor, ticketToken }), { state: "refused", reason: "binding_mismatch" });
      }
      const signedIn = await waitingRoom.poll({ area: AREA, visitor: { ...owner, userId: "user-0" }, ticketToken });
      assert.equal(signedIn.state, "waiting");

      const member: Visitor = { userId: "user-9", browserId: "phone-browser-xyz1", ip: "198.51.100.1" };
      const memberTicket = await waitingRoom.enter({ area: AREA, visitor: member });
      assert.equal(memberTicket.state, "waiting");
      const memberToken = memberTicket.state === "waiting" ? memberTicket.ticketToken : "";
      // The same account on its laptop keeps the place; another account with the same cookie does not.
      const laptop: Visitor = { userId: "user-9", browserId: "laptop-browser-xyz", ip: "203.0.113.5" };
      assert.equal((await waitingRoom.poll({ area: AREA, visitor: laptop, ticketToken: memberToken })).state, "waiting");
      const stranger: Visitor = { ...member, userId: "user-10" };
      assert.deepEqual(await waitingRoom.poll({ area: AREA, visitor: stranger, ticketToken: memberToken }), {
        state: "refused",
        reason: "binding_mismatch",
      });
    });

    it("caps anonymous tickets per IP, not signed-in ones", async () => {
      const waitingRoom = room({ maxActiveUsers: 0 }, { maxTicketsPerIp: 3 });
      const sameIp = (index: number) => anonymous(index, "100.64.0.1");
      const crowd = new Crowd(waitingRoom, clock, sameIp);
      for (const index of range(3)) assert.equal((await crowd.enter(index)).state, "waiting");
      assert.deepEqual(await crowd.enter(3), { state: "refused", reason: "ip_limit" });
      const member = await waitingRoom.enter({ area: AREA, visitor: { ...sameIp(4), userId: "user-4" } });
      assert.equal(member.state, "waiting");
      // Re-entering an existing ticket is not a new ticket.
      assert.equal((await crowd.enter(0)).state, "waiting");
      // A place freed by leaving can be taken by another browser behind the same NAT.
      await waitingRoom.release({ area: AREA, visitor: sameIp(1), token: crowd.tickets.get(1)! });
      assert.equal((await crowd.enter(3)).state, "waiting");
    });

    it("gives one ticket per browser: re-entering returns the same place", async () => {
      const waitingRoom = room({ maxActiveUsers: 1 });
      const crowd = new Crowd(waitingRoom, clock);
      await crowd.enter(0);
      const first = await crowd.enter(1);
      await crowd.enter(2);
      clock.advance(5000);
      const again = await crowd.enter(1);
      assert.ok(first.state === "waiting" && again.state === "waiting" && again.phase === "queue");
      assert.equal(again.ticketToken, first.ticketToken);
      assert.equal(again.position, 1);
      assert.equal((await waitingRoom.summary({ area: AREA })).waiting, 2);
      // Re-entering after admission returns the live session, not a new ticket.
      const admittedAgain = await crowd.enter(0);
      assert.equal(admittedAgain.state, "admitted");
    });

    it("estimates waits close to the actual simulated wait", async () => {
      // Configured rate is the bottleneck.
      let waitingRoom = room({ admitPerMinute: 60 });
      let crowd = new Crowd(waitingRoom, clock);
      for (const index of range(80)) await crowd.enter(index);
      const promised = await crowd.poll(60);
      assert.ok(promised.state === "waiting" && promised.phase === "queue");
      const entered = clock.now();
      while (crowd.tickets.has(60)) {
        clock.advance(1000);
        await crowd.pollAll();
      }
      const actual = (crowd.admittedAt.get(60)! - entered) / 1000;
      assert.ok(Math.abs(promised.estimatedWaitSeconds - actual) <= actual * 0.1 + 2, `estimate ${promised.estimatedWaitSeconds}s, actual ${actual}s`);

      // Active sessions are the bottleneck: the measured rate (30/min) must replace the configured 600/min.
      await cleanup();
      ({ store, cleanup } = await factory.create());
      waitingRoom = room({ admitPerMinute: 600, maxActiveUsers: 5 });
      crowd = new Crowd(waitingRoom, clock);
      for (const index of range(100)) await crowd.enter(index);
      const releaseDue = async () => {
        for (const [index, at] of crowd.admittedAt) {
          if (crowd.sessions.has(index) && clock.now() - at >= 10_000) await crowd.release(index);
        }
      };
      for (let second = 0; second < 90; second += 1) {
        clock.advance(1000);
        await releaseDue();
        await crowd.pollAll();
      }
      const late = await crowd.enter(1000);
      assert.ok(late.state === "waiting" && late.phase === "queue");
      const summary = await waitingRoom.summary({ area: AREA });
      assert.ok(summary.measuredAdmitPerMinute !== null && Math.abs(summary.measuredAdmitPerMinute - 30) < 6);
      const joinedAt = clock.now();
      while (crowd.tickets.has(1000)) {
        clock.advance(1000);
        await releaseDue();
        await crowd.pollAll();
      }
      const lateActual = (crowd.admittedAt.get(1000)! - joinedAt) / 1000;
      assert.ok(
        Math.abs(late.estimatedWaitSeconds - lateActual) <= lateActual * 0.2,
        `estimate ${late.estimatedWaitSeconds}s, actual ${lateActual}s`,
      );
    });

    it("recovers when the store lost its data (Redis flushed or restarted)", async () => {
      const waitingRoom = room({ admitPerMinute: 600 });
      assert.equal((await waitingRoom.enter({ area: AREA, visitor: anonymous(1) })).state, "admitted");
      await cleanup(); // deletes every key of the prefix / clears the memory store
      assert.equal((await waitingRoom.enter({ area: AREA, visitor: anonymous(2) })).state, "admitted");
      assert.equal((await waitingRoom.getSettings({ area: AREA })).admitPerMinute, 600);
    });

    it("summarises the area for the status page", async () => {
      const waitingRoom = room({ admitPerMinute: 60, maxActiveUsers: 2 });
      const crowd = new Crowd(waitingRoom, clock);
      for (const index of range(12)) await crowd.enter(index);
      const summary = await waitingRoom.summary({ area: AREA });
      assert.equal(summary.area, AREA);
      assert.equal(summary.enabled, true);
      assert.equal(summary.active, 1);
      assert.equal(summary.waiting, 11);
      assert.equal(summary.admitPerMinute, 60);
      assert.equal(summary.measuredAdmitPerMinute, null);
      assert.equal(summary.estimatedWaitSeconds, 11);
      const summaries = await waitingRoom.summaries();
      assert.deepEqual(summaries.map((s) => s.area), ["buy", "affix"]);
    });

    it("admits everyone when the area is disabled, and applies settings changes", async () => {
      const waitingRoom = room({ maxActiveUsers: 0 });
      const crowd = new Crowd(waitingRoom, clock);
      for (const index of range(5)) assert.equal((await crowd.enter(index)).state, "waiting");
      const updated = await waitingRoom.updateSettings({ area: AREA, changes: { enabled: false } });
      assert.equal(updated.enabled, false);
      await crowd.pollAll();
      assert.equal(crowd.sessions.size, 5);
      assert.equal((await crowd.enter(6)).state, "admitted");
      assert.deepEqual(await waitingRoom.getSettings({ area: AREA }), { ...updated });
      await assert.rejects(waitingRoom.updateSettings({ area: AREA, changes: { admitPerMinute: 0 } }));
    });
  });
}
