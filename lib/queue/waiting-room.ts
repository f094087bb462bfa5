// The waiting-room engine: signs and checks tokens, turns store replies into results for people
// and programs, and owns the per-area settings. All shared state lives in the store, so any number
// of engines (one per server process) can share one Redis store.
import { randomInt } from "node:crypto";
import {
  effectiveAdmitPerMinute,
  estimatePreQueueWaitSeconds,
  estimateWaitSeconds,
  measureAdmitPerMinute,
} from "./estimate-wait";
import { QUEUE_SETTINGS_DEFAULTS, ZAreaSettings, ZAreaSettingsChanges, type TAreaSettingsChanges } from "./queue-settings";
import { createRandomId, deriveTokenKeys, ownerKeyFor, signToken, verifyToken, type TokenKeys } from "./ticket";
import {
  PROTECTED_AREAS,
  type Admitted,
  type Area,
  type AreaFacts,
  type AreaSettings,
  type AreaSummary,
  type EnterResult,
  type PollResult,
  type QueueStore,
  type Refused,
  type Shuffle,
  type StoreAdmitted,
  type StoreLimits,
  type StoreWaiting,
  type StoredSettings,
  type TouchResult,
  type Visitor,
  type Waiting,
} from "./types";

/** Message both stores use when an area has no settings (see redis-scripts.ts and memory-store.ts). */
const SETTINGS_MISSING = "queue settings not initialised";

export type { TAreaSettingsChanges } from "./queue-settings";

export interface WaitingRoomOptions {
  store: QueueStore;
  /** HMAC secret for tickets and session tokens, at least 32 bytes. */
  secret: string | Uint8Array;
  /** Initial settings per area, used only when the store has none yet (first process wins); the rest are QUEUE_SETTINGS_DEFAULTS. */
  settings?: Partial<Record<Area, Partial<AreaSettings>>>;
  /** A waiting ticket not polled for this long is dropped. Default 120. */
  ticketTtlSeconds?: number;
  /** Anonymous waiting tickets per IP. Default 20: campus and mobile-carrier NATs share IPs. */
  maxTicketsPerIp?: number;
  /** Bind anonymous tickets to the IP as well as the browser id. Default true. */
  bindAnonymousToIp?: boolean;
  /** Token-bucket size in seconds of admission rate. Default 1 (600/min admits at most 10 at once). */
  burstSeconds?: number;
  /** Window for the measured admission rate. Default 60. */
  rateWindowSeconds?: number;
  /** Clock in epoch milliseconds; injected by tests to advance time without sleeping. */
  now?: () => number;
  /** Pre-queue shuffle at opening. Default: Fisher–Yates with crypto.randomInt. */
  shuffle?: Shuffle;
}

export interface WaitingRoom {
  /** A visitor reaches a protected page without a valid session or ticket. */
  enter(input: { area: Area; visitor: Visitor }): Promise<EnterResult>;
  /** The waiting page (or a program) asks for its place; also keeps the ticket alive. */
  poll(input: { area: Area; visitor: Visitor; ticketToken: string }): Promise<PollResult>;
  /** Every request of an admitted visitor: checks the session and renews its inactivity timer. */
  touch(input: { area: Area; visitor: Visitor; sessionToken: string }): Promise<TouchResult>;
  /** Ends a session (purchase/affixing completed) or leaves the queue; accepts either token. */
  release(input: { area: Area; visitor: Visitor; token: string }): Promise<boolean>;
  /** One call for the guard: valid session → admitted; else ticket → poll; else enter. */
  arrive(input: { area: Area; visitor: Visitor; sessionToken?: string | null; ticketToken?: string | null }): Promise<EnterResult>;
  summary(input: { area: Area }): Promise<AreaSummary>;
  summaries(): Promise<AreaSummary[]>;
  getSettings(input: { area: Area }): Promise<AreaSettings>;
  updateSettings(input: { area: Area; changes: TAreaSettingsChanges }): Promise<AreaSettings>;
}

export function cryptoShuffle(ids: string[]): string[] {
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled;
}

function toStored(settings: AreaSettings): StoredSettings {
  return {
    enabled: settings.enabled,
    maxActiveUsers: settings.maxActiveUsers,
    admitPerMinute: settings.admitPerMinute,
    sessionMs: Math.round(settings.sessionMinutes * 60_000),
    opensAtMs: settings.opensAt ? settings.opensAt.getTime() : -1,
  };
}

function fromStored(settings: StoredSettings): AreaSettings {
  return {
    enabled: settings.enabled,
    maxActiveUsers: settings.maxActiveUsers,
    admitPerMinute: settings.admitPerMinute,
    sessionMinutes: settings.sessionMs / 60_000,
    opensAt: settings.opensAtMs >= 0 ? new Date(settings.opensAtMs) : null,
  };
}

export function createWaitingRoom(options: WaitingRoomOptions): WaitingRoom {
  const { store } = options;
  const now = () => Math.floor((options.now ?? Date.now)());
  const shuffle = options.shuffle ?? cryptoShuffle;
  const maxTicketsPerIp = options.maxTicketsPerIp ?? 20;
  const bindAnonymousToIp = options.bindAnonymousToIp ?? true;
  const keys: TokenKeys = deriveTokenKeys({ secret: options.secret, bindAnonymousToIp });
  const ticketTtlMs = (options.ticketTtlSeconds ?? 120) * 1000;
  const limits: StoreLimits = {
    ticketTtlMs,
    burstMs: (options.burstSeconds ?? 1) * 1000,
    rateBucketMs: 5_000,
    rateWindowMs: (options.rateWindowSeconds ?? 60) * 1000,
    // Records outlive any realistic wait plus session; Redis drops them afterwards by TTL.
    recordTtlMs: 24 * 60 * 60 * 1000,
  };
  // Cloudflare renews its cookie every 20 s; never let the interval approach the expiry.
  const pollAfterSeconds = Math.max(1, Math.min(20, Math.floor(ticketTtlMs / 4000)));
  // Near the front the page asks again when its turn is expected (at least 2 s apart): a person let in
  // notices within seconds instead of up to 20, and the place held for them is used sooner.
  const pollAfterFor = (estimatedWaitSeconds: number) => Math.max(Math.min(2, pollAfterSeconds), Math.min(pollAfterSeconds, Math.ceil(estimatedWaitSeconds)));
  const initialised = new Map<Area, Promise<StoredSettings>>();

  function ensureSettings(area: Area): Promise<StoredSettings> {
    let pending = initialised.get(area);
    if (!pending) {
      const initial = ZAreaSettings.parse({ ...QUEUE_SETTINGS_DEFAULTS, ...options.settings?.[area] });
      pending = store.initSettings(area, toStored(initial));
      pending.catch(() => initialised.delete(area));
      initialised.set(area, pending);
    }
    return pending;
  }

  /**
   * Runs a store command once the area's settings exist. If the store lost them (Redis restarted or
   * was flushed) they are re-initialised from the defaults once and the command retried.
   */
  async function withSettings<T>(area: Area, command: () => Promise<T>): Promise<T> {
    await ensureSettings(area);
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes(SETTINGS_MISSING)) throw error;
      initialised.delete(area);
      await ensureSettings(area);
      return command();
    }
  }

  function admitPerMinuteFor(facts: AreaFacts, at: number): { measured: number | null; effective: number } {
    const measured = measureAdmitPerMinute({ samples: facts.rate, now: at, windowMs: limits.rateWindowMs, bucketMs: limits.rateBucketMs });
    return { measured, effective: effectiveAdmitPerMinute({ measured, configured: facts.settings.admitPerMinute }) };
  }

  function toWaiting(reply: StoreWaiting, ticketToken: string, at: number): Waiting {
    const { effective } = admitPerMinuteFor(reply, at);
    const updatedAt = new Date(at);
    if (reply.phase === "pre-queue") {
      const preQueueSize = reply.preQueueLength;
      const estimatedWaitSeconds = estimatePreQueueWaitSeconds({
        now: at,
        opensAtMs: reply.settings.opensAtMs,
        preQueueSize,
        admitPerMinute: effective,
      });
      return {
        state: "waiting",
        phase: "pre-queue",
        ticketToken,
        position: null,
        ahead: null,
        preQueueSize,
        opensAt: new Date(reply.settings.opensAtMs),
        estimatedWaitSeconds,
        updatedAt,
        pollAfterSeconds: pollAfterFor(estimatedWaitSeconds),
      };
    }
    const estimatedWaitSeconds = estimateWaitSeconds({ ahead: reply.ahead, admitPerMinute: effective });
    return {
      state: "waiting",
      phase: "queue",
      ticketToken,
      position: reply.ahead + 1,
      ahead: reply.ahead,
      estimatedWaitSeconds,
      updatedAt,
      pollAfterSeconds: pollAfterFor(estimatedWaitSeconds),
    };
  }

  function toAdmitted(area: Area, reply: StoreAdmitted, visitor: Visitor): Admitted {
    return {
      state: "admitted",
      sessionToken: signToken({ kind: "session", area, ticketId: reply.ticketId, visitor, keys }),
      admissionNumber: reply.admissionNumber,
      expiresAt: new Date(reply.lastSeenAt + reply.settings.sessionMs),
    };
  }

  const refused = (reason: Refused["reason"]): Refused => ({ state: "refused", reason });

  async function enter(input: { area: Area; visitor: Visitor }): Promise<EnterResult> {
    const { area, visitor } = input;
    const at = now();
    const reply = await withSettings(area, () => store.enter({
      area,
      now: at,
      limits,
      shuffle,
      ownerKey: ownerKeyFor(visitor, bindAnonymousToIp),
      cappedIp: visitor.userId ? null : visitor.ip,
      maxTicketsPerIp,
      newTicketId: createRandomId(),
    }));
    if (reply.kind === "ip_limit") return refused("ip_limit");
    if (reply.kind === "admitted") return toAdmitted(area, reply, visitor);
    const ticketToken = signToken({ kind: "ticket", area, ticketId: reply.ticketId, visitor, keys });
    return toWaiting(reply, ticketToken, at);
  }

  async function poll(input: { area: Area; visitor: Visitor; ticketToken: string }): Promise<PollResult> {
    const { area, visitor, ticketToken } = input;
    const verified = verifyToken({ token: ticketToken, kind: "ticket", area, visitor, keys });
    if (!verified.ok) return refused(verified.reason);
    const at = now();
    const reply = await withSettings(area, () => store.poll({ area, now: at, limits, shuffle, ticketId: verified.ticketId }));
    if (reply.kind === "gone") return refused("expired");
    if (reply.kind === "admitted") return toAdmitted(area, reply, visitor);
    return toWaiting(reply, ticketToken, at);
  }

  async function touch(input: { area: Area; visitor: Visitor; sessionToken: string }): Promise<TouchResult> {
    const { area, visitor, sessionToken } = input;
    const verified = verifyToken({ token: sessionToken, kind: "session", area, visitor, keys });
    if (!verified.ok) return { ok: false, reason: verified.reason };
    const reply = await withSettings(area, () => store.touch({ area, now: now(), limits, ticketId: verified.ticketId }));
    if (reply.kind === "gone") return { ok: false, reason: "expired" };
    return { ok: true, expiresAt: new Date(reply.lastSeenAt + reply.settings.sessionMs) };
  }

  async function release(input: { area: Area; visitor: Visitor; token: string }): Promise<boolean> {
    const { area, visitor, token } = input;
    const asSession = verifyToken({ token, kind: "session", area, visitor, keys });
    const verified = asSession.ok ? asSession : verifyToken({ token, kind: "ticket", area, visitor, keys });
    if (!verified.ok) return false;
    return withSettings(area, () => store.release({ area, now: now(), limits, ticketId: verified.ticketId }));
  }

  async function arrive(input: {
    area: Area;
    visitor: Visitor;
    sessionToken?: string | null;
    ticketToken?: string | null;
  }): Promise<EnterResult> {
    const { area, visitor } = input;
    if (input.sessionToken) {
      // A stale or foreign session cookie is not an error: the visitor simply continues as new.
      const touched = await touch({ area, visitor, sessionToken: input.sessionToken });
      if (touched.ok) return { state: "admitted", sessionToken: input.sessionToken, admissionNumber: null, expiresAt: touched.expiresAt };
    }
    if (input.ticketToken) {
      const polled = await poll({ area, visitor, ticketToken: input.ticketToken });
      // Forged and copied tickets are reported so the page can say why; an expired one re-enters.
      if (polled.state !== "refused" || polled.reason !== "expired") return polled;
    }
    return enter({ area, visitor });
  }

  async function summary(input: { area: Area }): Promise<AreaSummary> {
    const { area } = input;
    const at = now();
    const facts = await withSettings(area, () => store.summary({ area, now: at, limits, shuffle }));
    const { settings } = facts;
    const { measured, effective } = admitPerMinuteFor(facts, at);
    const beforeOpening = settings.enabled && settings.opensAtMs >= 0 && at < settings.opensAtMs;
    let estimatedWaitSeconds = 0;
    if (beforeOpening) {
      estimatedWaitSeconds = estimatePreQueueWaitSeconds({
        now: at,
        opensAtMs: settings.opensAtMs,
        preQueueSize: facts.preQueueLength + 1,
        admitPerMinute: effective,
      });
    } else if (settings.enabled) {
      estimatedWaitSeconds = estimateWaitSeconds({ ahead: facts.queueLength, admitPerMinute: effective });
    }
    return {
      area,
      enabled: settings.enabled,
      waiting: facts.queueLength + facts.preQueueLength,
      active: facts.active,
      estimatedWaitSeconds,
      admitPerMinute: settings.admitPerMinute,
      measuredAdmitPerMinute: measured === null ? null : Math.round(measured * 10) / 10,
      admittedTotal: facts.admittedTotal,
      maxActiveUsers: settings.maxActiveUsers,
      opensAt: settings.opensAtMs >= 0 ? new Date(settings.opensAtMs) : null,
    };
  }

  async function getSettings(input: { area: Area }): Promise<AreaSettings> {
    const stored = await withSettings(input.area, async () => {
      const found = await store.getSettings(input.area);
      if (!found) throw new Error(SETTINGS_MISSING);
      return found;
    });
    return fromStored(stored);
  }

  async function updateSettings(input: { area: Area; changes: TAreaSettingsChanges }): Promise<AreaSettings> {
    const changes = ZAreaSettingsChanges.parse(input.changes);
    const current = await getSettings({ area: input.area });
    const next = ZAreaSettings.parse({ ...current, ...changes });
    await store.saveSettings(input.area, toStored(next));
    return next;
  }

  return {
    enter,
    poll,
    touch,
    release,
    arrive,
    summary,
    summaries: () => Promise.all(PROTECTED_AREAS.map((area) => summary({ area }))),
    getSettings,
    updateSettings,
  };
}
