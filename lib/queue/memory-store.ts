// In-process store: the embedded default for a single server process. Every command runs
// synchronously inside one call, so it is atomic without locks. The algorithm mirrors the Lua in
// redis-scripts.ts step by step; the contract tests run the same suite against both.
import { OrderedIndex } from "./ordered-index";
import { RecencyList } from "./recency-list";
import type {
  Area,
  AreaFacts,
  EnterCommand,
  QueueStore,
  RateSample,
  Shuffle,
  StoreAdmitted,
  StoreEnterReply,
  StoreLimits,
  StorePollReply,
  StoreTouchReply,
  StoreWaiting,
  StoredSettings,
  TicketCommand,
} from "./types";

interface TicketRecord {
  id: string;
  ownerKey: string;
  /** Counted against the per-IP cap while waiting; null for signed-in visitors. */
  cappedIp: string | null;
  seq: number;
  state: "pre-queue" | "queue" | "admitted";
  admissionNumber: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

class AreaState {
  settings: StoredSettings | null = null;
  lastSeq = 0;
  admittedTotal = 0;
  readonly queue = new OrderedIndex();
  /** id → seq in join order (Map keeps insertion order). */
  readonly preQueue = new Map<string, number>();
  /** Waiting ticket id → last poll, oldest first. */
  readonly heartbeats = new RecencyList();
  /** Admitted session id → last request, oldest first. */
  readonly sessions = new RecencyList();
  readonly tickets = new Map<string, TicketRecord>();
  readonly owners = new Map<string, string>();
  readonly ipCounts = new Map<string, number>();
  readonly rate = new Map<number, RateSample>();
  bucket: Bucket | null = null;
}

/** Upper bound of admissions in one command, as in Lua, so one call never does unbounded work. */
const MAX_BATCH = 1000;

export function createMemoryStore(): QueueStore {
  const areas = new Map<Area, AreaState>();

  function stateOf(area: Area): AreaState {
    let state = areas.get(area);
    if (!state) {
      state = new AreaState();
      areas.set(area, state);
    }
    return state;
  }

  function settingsOf(state: AreaState): StoredSettings {
    if (!state.settings) throw new Error("queue settings not initialised");
    return state.settings;
  }

  /** A disabled area is unprotected, so it has no opening time either. */
  function isBeforeOpening(settings: StoredSettings, now: number): boolean {
    return settings.enabled && settings.opensAtMs >= 0 && now < settings.opensAtMs;
  }

  function changeIpCount(state: AreaState, ip: string | null, delta: number): void {
    if (ip === null) return;
    const next = (state.ipCounts.get(ip) ?? 0) + delta;
    if (next > 0) state.ipCounts.set(ip, next);
    else state.ipCounts.delete(ip);
  }

  function forget(state: AreaState, record: TicketRecord): void {
    state.tickets.delete(record.id);
    if (state.owners.get(record.ownerKey) === record.id) state.owners.delete(record.ownerKey);
  }

  function dropWaiting(state: AreaState, record: TicketRecord): void {
    if (record.state === "queue") state.queue.remove(record.seq);
    else state.preQueue.delete(record.id);
    state.heartbeats.delete(record.id);
    changeIpCount(state, record.cappedIp, -1);
    forget(state, record);
  }

  function endSession(state: AreaState, id: string): void {
    state.sessions.delete(id);
    const record = state.tickets.get(id);
    if (record) forget(state, record);
  }

  function admit(state: AreaState, record: TicketRecord, now: number): void {
    if (record.state === "queue") state.queue.remove(record.seq);
    state.heartbeats.delete(record.id);
    changeIpCount(state, record.cappedIp, -1);
    record.state = "admitted";
    record.admissionNumber = ++state.admittedTotal;
    state.sessions.renew(record.id, now);
  }

  function expireWaiting(state: AreaState, now: number, limits: StoreLimits): void {
    for (let oldest = state.heartbeats.oldest(); oldest && oldest.at <= now - limits.ticketTtlMs; oldest = state.heartbeats.oldest()) {
      const record = state.tickets.get(oldest.id);
      if (record) dropWaiting(state, record);
      else state.heartbeats.delete(oldest.id);
    }
  }

  function expireSessions(state: AreaState, now: number, sessionMs: number): void {
    for (let oldest = state.sessions.oldest(); oldest && oldest.at <= now - sessionMs; oldest = state.sessions.oldest()) {
      endSession(state, oldest.id);
    }
  }

  /** Moves the pre-queue into the line in shuffled order, after everyone already in line. */
  function open(state: AreaState, shuffle: Shuffle): void {
    const order = shuffle([...state.preQueue.keys()]);
    for (const id of [...order, ...state.preQueue.keys()]) {
      const record = state.tickets.get(id);
      if (!record || !state.preQueue.delete(id)) continue;
      record.seq = ++state.lastSeq;
      record.state = "queue";
      state.queue.insert(record.seq, id);
    }
  }

  function refill(state: AreaState, settings: StoredSettings, now: number, limits: StoreLimits): Bucket {
    const capacity = Math.max(1, (settings.admitPerMinute * limits.burstMs) / 60_000);
    const bucket = state.bucket ?? { tokens: capacity, updatedAt: now };
    // A clock that went backwards (another process, NTP) must not refill or move time back.
    if (now > bucket.updatedAt) {
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) * settings.admitPerMinute) / 60_000);
      bucket.updatedAt = now;
    }
    bucket.tokens = Math.min(bucket.tokens, capacity);
    state.bucket = bucket;
    return bucket;
  }

  function rateSample(state: AreaState, now: number, limits: StoreLimits): RateSample {
    const index = Math.floor(now / limits.rateBucketMs);
    let sample = state.rate.get(index);
    if (!sample) {
      sample = { bucket: index, admitted: 0, busy: false };
      state.rate.set(index, sample);
    }
    return sample;
  }

  /** Opening, expiry and admissions: run at the start of every queue-reading command. */
  function advance(state: AreaState, now: number, limits: StoreLimits, shuffle: Shuffle): void {
    const settings = settingsOf(state);
    expireWaiting(state, now, limits);
    expireSessions(state, now, settings.sessionMs);
    if (isBeforeOpening(settings, now)) return;
    if (state.preQueue.size > 0) open(state, shuffle);
    if (state.queue.size === 0) return;

    const bucket = refill(state, settings, now, limits);
    const sample = rateSample(state, now, limits);
    if (settings.enabled) sample.busy = true;
    let admitted = 0;
    while (admitted < MAX_BATCH && state.queue.size > 0) {
      const limited = settings.enabled;
      if (limited && (state.sessions.size >= settings.maxActiveUsers || bucket.tokens < 1)) break;
      const head = state.queue.first()!;
      const record = state.tickets.get(head.id)!;
      admit(state, record, now);
      if (limited) bucket.tokens -= 1;
      admitted += 1;
    }
    if (settings.enabled) sample.admitted += admitted;
  }

  function facts(state: AreaState, now: number, limits: StoreLimits): AreaFacts {
    const oldest = Math.floor((now - limits.rateWindowMs) / limits.rateBucketMs);
    for (const index of state.rate.keys()) if (index < oldest) state.rate.delete(index);
    return {
      settings: settingsOf(state),
      queueLength: state.queue.size,
      preQueueLength: state.preQueue.size,
      active: state.sessions.size,
      admittedTotal: state.admittedTotal,
      rate: [...state.rate.values()].map((sample) => ({ ...sample })),
    };
  }

  function describe(state: AreaState, record: TicketRecord, now: number, limits: StoreLimits): StoreWaiting | StoreAdmitted {
    if (record.state === "admitted") {
      return {
        kind: "admitted",
        ticketId: record.id,
        admissionNumber: record.admissionNumber,
        lastSeenAt: state.sessions.get(record.id)!,
        settings: settingsOf(state),
      };
    }
    const areaFacts = facts(state, now, limits);
    if (record.state === "pre-queue") return { kind: "waiting", phase: "pre-queue", ticketId: record.id, ...areaFacts };
    return { kind: "waiting", phase: "queue", ticketId: record.id, ahead: state.queue.rankOf(record.seq), ...areaFacts };
  }

  /** Renews the heartbeat of a waiting ticket or the activity of a session. */
  function markSeen(state: AreaState, record: TicketRecord, now: number): void {
    const seen = record.state === "admitted" ? state.sessions : state.heartbeats;
    seen.renew(record.id, Math.max(now, seen.get(record.id) ?? now));
  }

  function create(state: AreaState, command: EnterCommand, kind: TicketRecord["state"]): TicketRecord {
    const record: TicketRecord = {
      id: command.newTicketId,
      ownerKey: command.ownerKey,
      cappedIp: kind === "admitted" ? null : command.cappedIp,
      seq: ++state.lastSeq,
      state: kind,
      admissionNumber: kind === "admitted" ? ++state.admittedTotal : 0,
    };
    state.tickets.set(record.id, record);
    state.owners.set(record.ownerKey, record.id);
    if (kind === "admitted") {
      state.sessions.renew(record.id, command.now);
      return record;
    }
    if (kind === "queue") state.queue.insert(record.seq, record.id);
    else state.preQueue.set(record.id, record.seq);
    state.heartbeats.renew(record.id, command.now);
    changeIpCount(state, record.cappedIp, 1);
    return record;
  }

  function canAdmitAtOnce(state: AreaState, settings: StoredSettings, now: number, limits: StoreLimits): boolean {
    if (!settings.enabled) return true;
    if (isBeforeOpening(settings, now) || state.queue.size > 0 || state.preQueue.size > 0) return false;
    if (state.sessions.size >= settings.maxActiveUsers) return false;
    return refill(state, settings, now, limits).tokens >= 1;
  }

  function enter(command: EnterCommand): StoreEnterReply {
    const { now, limits } = command;
    const state = stateOf(command.area);
    advance(state, now, limits, command.shuffle);
    const settings = settingsOf(state);

    const existingId = state.owners.get(command.ownerKey);
    const existing = existingId === undefined ? undefined : state.tickets.get(existingId);
    if (existing) {
      markSeen(state, existing, now);
      return describe(state, existing, now, limits);
    }

    if (canAdmitAtOnce(state, settings, now, limits)) {
      if (settings.enabled) state.bucket!.tokens -= 1;
      const record = create(state, command, "admitted");
      return describe(state, record, now, limits);
    }
    if (command.cappedIp !== null && (state.ipCounts.get(command.cappedIp) ?? 0) >= command.maxTicketsPerIp) {
      return { kind: "ip_limit" };
    }
    const record = create(state, command, isBeforeOpening(settings, now) ? "pre-queue" : "queue");
    return describe(state, record, now, limits);
  }

  function poll(command: TicketCommand): StorePollReply {
    const state = stateOf(command.area);
    advance(state, command.now, command.limits, command.shuffle);
    const record = state.tickets.get(command.ticketId);
    if (!record) return { kind: "gone" };
    markSeen(state, record, command.now);
    return describe(state, record, command.now, command.limits);
  }

  function touch(command: Omit<TicketCommand, "shuffle">): StoreTouchReply {
    const state = stateOf(command.area);
    const settings = settingsOf(state);
    const lastSeen = state.sessions.get(command.ticketId);
    if (lastSeen === undefined) return { kind: "gone" };
    if (lastSeen <= command.now - settings.sessionMs) {
      endSession(state, command.ticketId);
      return { kind: "gone" };
    }
    const seenAt = Math.max(lastSeen, command.now);
    state.sessions.renew(command.ticketId, seenAt);
    return { kind: "alive", lastSeenAt: seenAt, settings };
  }

  function release(command: Omit<TicketCommand, "shuffle">): boolean {
    const state = stateOf(command.area);
    const record = state.tickets.get(command.ticketId);
    if (record && record.state !== "admitted") {
      dropWaiting(state, record);
      return true;
    }
    if (!state.sessions.has(command.ticketId)) return false;
    endSession(state, command.ticketId);
    return true;
  }

  return {
    kind: "memory",
    async initSettings(area, settings) {
      const state = stateOf(area);
      state.settings ??= { ...settings };
      return { ...state.settings };
    },
    async getSettings(area) {
      const settings = stateOf(area).settings;
      return settings ? { ...settings } : null;
    },
    async saveSettings(area, settings) {
      stateOf(area).settings = { ...settings };
    },
    async enter(command) {
      return enter(command);
    },
    async poll(command) {
      return poll(command);
    },
    async touch(command) {
      return touch(command);
    },
    async release(command) {
      return release(command);
    },
    async summary(command) {
      const state = stateOf(command.area);
      advance(state, command.now, command.limits, command.shuffle);
      return facts(state, command.now, command.limits);
    },
    async close() {
      areas.clear();
    },
  };
}
