// Redis store: for several server processes sharing the load. Each command is one Lua script
// (redis-scripts.ts), so admissions are decided and counted once across processes.
//
// Clock: the caller's `now` is used, not Redis TIME, so tests can drive time. Processes should run
// NTP-synchronised clocks; the scripts never move the token bucket or heartbeats backwards when a
// caller lags, so skew only makes one process slightly late, never over-admits.
import { Redis, type RedisOptions } from "ioredis";
import { ENTER, INIT_SETTINGS, OPEN, POLL, RELEASE, SUMMARY, TOUCH } from "./redis-scripts";
import type {
  Area,
  AreaFacts,
  QueueStore,
  RateSample,
  Shuffle,
  StoreEnterReply,
  StoreLimits,
  StorePollReply,
  StoreTouchReply,
  StoredSettings,
} from "./types";

export interface RedisStoreOptions {
  /** Key namespace, e.g. "emeterai:queue". Tests use a random one and call `deleteAllKeys`. */
  prefix: string;
  /** An existing client (not closed by `close()`), or connection settings for a client the store owns. */
  redis?: Redis;
  url?: string;
  redisOptions?: RedisOptions;
}

type ScriptName = "queueEnter" | "queuePoll" | "queueTouch" | "queueRelease" | "queueSummary" | "queueOpen" | "queueInit";
type ScriptRunner = (base: string, ...args: (string | number)[]) => Promise<unknown>;

const SCRIPTS: Record<ScriptName, string> = {
  queueEnter: ENTER,
  queuePoll: POLL,
  queueTouch: TOUCH,
  queueRelease: RELEASE,
  queueSummary: SUMMARY,
  queueOpen: OPEN,
  queueInit: INIT_SETTINGS,
};

/** A second opening attempt can only be needed if settings changed in between; more is a bug. */
const MAX_OPEN_ATTEMPTS = 5;

interface RawFacts {
  settings: StoredSettings;
  queueLength: number;
  preQueueLength: number;
  active: number;
  admittedTotal: number;
  rate: string[] | Record<string, never>;
}

function parseRate(flat: string[] | Record<string, never>): RateSample[] {
  // cjson encodes an empty Lua table as {}.
  if (!Array.isArray(flat)) return [];
  const samples = new Map<number, RateSample>();
  for (let i = 0; i < flat.length; i += 2) {
    const [indexText, kind] = flat[i].split(":");
    const bucket = Number(indexText);
    const sample = samples.get(bucket) ?? { bucket, admitted: 0, busy: false };
    if (kind === "a") sample.admitted = Number(flat[i + 1]);
    else sample.busy = true;
    samples.set(bucket, sample);
  }
  return [...samples.values()];
}

function toFacts(raw: RawFacts): AreaFacts {
  return {
    settings: raw.settings,
    queueLength: raw.queueLength,
    preQueueLength: raw.preQueueLength,
    active: raw.active,
    admittedTotal: raw.admittedTotal,
    rate: parseRate(raw.rate),
  };
}

function parseSettings(values: (string | null)[]): StoredSettings | null {
  if (values[0] === null) return null;
  return {
    enabled: values[0] === "1",
    maxActiveUsers: Number(values[1]),
    admitPerMinute: Number(values[2]),
    sessionMs: Number(values[3]),
    opensAtMs: Number(values[4]),
  };
}

function settingsArgs(settings: StoredSettings): string[] {
  return [
    settings.enabled ? "1" : "0",
    String(settings.maxActiveUsers),
    String(settings.admitPerMinute),
    String(settings.sessionMs),
    String(settings.opensAtMs),
  ];
}

function limitArgs(now: number, limits: StoreLimits): string[] {
  return [now, limits.ticketTtlMs, limits.burstMs, limits.rateBucketMs, limits.rateWindowMs, limits.recordTtlMs].map((n) =>
    String(Math.floor(n)),
  );
}

export interface RedisQueueStore extends QueueStore {
  readonly kind: "redis";
  /** Deletes every key under the prefix (tests and operator resets). */
  deleteAllKeys(): Promise<number>;
}

export function createRedisStore(options: RedisStoreOptions): RedisQueueStore {
  const ownsClient = !options.redis;
  const redis = options.redis ?? (options.url ? new Redis(options.url, options.redisOptions ?? {}) : new Redis(options.redisOptions ?? {}));
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 1, lua });
  }
  const run = (name: ScriptName) => (redis as unknown as Record<ScriptName, ScriptRunner>)[name].bind(redis);
  const baseOf = (area: Area) => `{${options.prefix}:${area}}`;

  async function openArea(area: Area, now: number, limits: StoreLimits, shuffle: Shuffle): Promise<void> {
    const waitingBeforeOpening = await redis.zrange(`${baseOf(area)}:pre`, 0, -1);
    await run("queueOpen")(baseOf(area), ...limitArgs(now, limits), ...shuffle(waitingBeforeOpening));
  }

  /** Runs a queue-reading script, opening the area first when the script asks for it. */
  async function runOpening(
    name: ScriptName,
    area: Area,
    now: number,
    limits: StoreLimits,
    shuffle: Shuffle,
    extra: string[],
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt += 1) {
      const reply = JSON.parse(String(await run(name)(baseOf(area), ...limitArgs(now, limits), ...extra))) as Record<string, unknown>;
      if (reply.kind !== "need_open") return reply;
      await openArea(area, now, limits, shuffle);
    }
    throw new Error("queue opening did not settle");
  }

  function toReply(reply: Record<string, unknown>): StorePollReply | StoreEnterReply {
    if (reply.kind === "waiting") {
      const facts = toFacts(reply as unknown as RawFacts);
      const ticketId = String(reply.ticketId);
      if (reply.phase === "pre-queue") return { kind: "waiting", phase: "pre-queue", ticketId, ...facts };
      return { kind: "waiting", phase: "queue", ticketId, ahead: Number(reply.ahead), ...facts };
    }
    if (reply.kind === "admitted") {
      return {
        kind: "admitted",
        ticketId: String(reply.ticketId),
        admissionNumber: Number(reply.admissionNumber),
        lastSeenAt: Number(reply.lastSeenAt),
        settings: reply.settings as StoredSettings,
      };
    }
    if (reply.kind === "ip_limit") return { kind: "ip_limit" };
    return { kind: "gone" };
  }

  return {
    kind: "redis",
    async initSettings(area, settings) {
      const values = (await run("queueInit")(baseOf(area), ...settingsArgs(settings))) as (string | null)[];
      return parseSettings(values)!;
    },
    async getSettings(area) {
      const values = await redis.hmget(`${baseOf(area)}:cfg`, "enabled", "maxActiveUsers", "admitPerMinute", "sessionMs", "opensAtMs");
      return parseSettings(values);
    },
    async saveSettings(area, settings) {
      const [enabled, maxActiveUsers, admitPerMinute, sessionMs, opensAtMs] = settingsArgs(settings);
      await redis.hset(`${baseOf(area)}:cfg`, { enabled, maxActiveUsers, admitPerMinute, sessionMs, opensAtMs });
    },
    async enter(command) {
      const extra = [command.ownerKey, command.cappedIp ?? "", String(command.maxTicketsPerIp), command.newTicketId];
      const reply = await runOpening("queueEnter", command.area, command.now, command.limits, command.shuffle, extra);
      return toReply(reply) as StoreEnterReply;
    },
    async poll(command) {
      const reply = await runOpening("queuePoll", command.area, command.now, command.limits, command.shuffle, [command.ticketId]);
      return toReply(reply) as StorePollReply;
    },
    async touch(command): Promise<StoreTouchReply> {
      const raw = await run("queueTouch")(baseOf(command.area), ...limitArgs(command.now, command.limits), command.ticketId);
      const reply = JSON.parse(String(raw)) as Record<string, unknown>;
      if (reply.kind !== "alive") return { kind: "gone" };
      return { kind: "alive", lastSeenAt: Number(reply.lastSeenAt), settings: reply.settings as StoredSettings };
    },
    async release(command) {
      const removed = await run("queueRelease")(baseOf(command.area), ...limitArgs(command.now, command.limits), command.ticketId);
      return Number(removed) === 1;
    },
    async summary(command) {
      const reply = await runOpening("queueSummary", command.area, command.now, command.limits, command.shuffle, []);
      return toFacts(reply as unknown as RawFacts);
    },
    async deleteAllKeys() {
      let deleted = 0;
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `{${options.prefix}:*`, "COUNT", 500);
        cursor = next;
        if (keys.length > 0) deleted += await redis.del(...keys);
      } while (cursor !== "0");
      return deleted;
    },
    async close() {
      if (ownsClient) await redis.quit();
    },
  };
}
