// Shared helpers for the queue contract suite and the multi-process test.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createMemoryStore } from "@/lib/queue/memory-store";
import { createRedisStore, type RedisQueueStore } from "@/lib/queue/redis-store";
import type { AreaSettings, QueueStore, Visitor } from "@/lib/queue/types";
import { createWaitingRoom, type WaitingRoom, type WaitingRoomOptions } from "@/lib/queue/waiting-room";

export const REDIS_URL = "redis://127.0.0.1:6379";
export const SECRET = "test-secret-for-queue-contract-0123456789";
export const START = Date.UTC(2024, 8, 6, 1, 0, 0);

export interface StoreFactory {
  name: "memory" | "redis";
  create(): Promise<{ store: QueueStore; cleanup(): Promise<void> }>;
  /** Called once after the suite. */
  dispose(): Promise<void>;
}

export function memoryFactory(): StoreFactory {
  return {
    name: "memory",
    async create() {
      const store = createMemoryStore();
      return { store, cleanup: () => store.close() };
    },
    async dispose() {},
  };
}

export function randomPrefix(): string {
  return `test:queue:${randomBytes(6).toString("hex")}`;
}

export function redisFactory(): StoreFactory {
  let client: Redis | null = null;
  return {
    name: "redis",
    async create() {
      client ??= new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
      const store: RedisQueueStore = createRedisStore({ prefix: randomPrefix(), redis: client });
      return {
        store,
        async cleanup() {
          await store.deleteAllKeys();
          await store.close();
        },
      };
    },
    async dispose() {
      await client?.quit();
      client = null;
    },
  };
}

/** Deterministic PRNG so a failing interleaving can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function anonymous(index: number, ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`): Visitor {
  return { userId: null, browserId: `browser-${String(index).padStart(6, "0")}-abcdef`, ip };
}

export interface Clock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createClock(start = START): Clock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

export function buildRoom(options: {
  store: QueueStore;
  clock: Clock;
  buy?: Partial<AreaSettings>;
  extra?: Partial<WaitingRoomOptions>;
}): WaitingRoom {
  return createWaitingRoom({
    store: options.store,
    secret: SECRET,
    now: options.clock.now,
    settings: { buy: { enabled: true, maxActiveUsers: 1000, admitPerMinute: 60, ...options.buy } },
    ...options.extra,
  });
}
