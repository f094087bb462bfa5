// The portal's one waiting room per process. Kept on globalThis because Next bundles the front door (via instrumentation),
// route handlers and instrumentation separately: each bundle has its own module instances, but they
// share the process's globalThis, so all of them reach ONE engine and (without Redis) ONE memory store.
// No database import here: the front door loads this module; settings come from the database through
// lib/queue/start-waiting-room.ts (at start) and lib/queue/update-queue-settings.ts (on change).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, linkSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { provideQueueLengths } from "@/lib/metrics";
import { createMemoryStore } from "./memory-store";
import { createRedisStore } from "./redis-store";
import type { Area, AreaSettings, QueueStore } from "./types";
import type { TAreaSettingsChanges } from "./queue-settings";
import { createWaitingRoom, type WaitingRoom } from "./waiting-room";
import { peekProcessSingleton, processSingleton, setProcessSingleton } from "@/lib/process-singleton";

const SETTINGS_CACHE_MS = 1000;

export interface PortalQueue {
  room: WaitingRoom;
  storeKind: QueueStore["kind"];
  /** Settings read at most once a second per process (another process's change shows within a second). */
  settings(area: Area): Promise<AreaSettings>;
  updateSettings(area: Area, changes: TAreaSettingsChanges): Promise<AreaSettings>;
  close(): Promise<void>;
}

const NAME = "portal-waiting-room";

/** The process's waiting room, created on first use. */
export function portalQueue(): Promise<PortalQueue> {
  const pending = processSingleton(NAME, createPortalQueue);
  // A failed start (Redis unreachable) is retried by the next request instead of being remembered.
  pending.catch(() => {
    if (peekProcessSingleton(NAME) === pending) setProcessSingleton(NAME, undefined);
  });
  return pending;
}

/** Closes the process's waiting room (tests and scripts). */
export async function closePortalQueue(): Promise<void> {
  const pending = peekProcessSingleton<Promise<PortalQueue>>(NAME);
  setProcessSingleton(NAME, undefined);
  if (pending) await (await pending).close();
}

/**
 * The HMAC secret: created once per install in DATA_DIR (mode 0600, never in the repository). With
 * Redis the first process's secret is shared through Redis (SET NX), so every process that shares the
 * queue accepts the same tickets even on machines with separate data folders.
 */
function installSecret(dataDir: string): string {
  const file = path.join(dataDir, "queue-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(temp, randomBytes(48).toString("base64url"), { mode: 0o600 });
    try {
      // link() fails when another process created the file first: then both use the winner's secret.
      linkSync(temp, file);
    } catch {
      // fall through and read the winner's file
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        renameSync(temp, `${temp}.stale`);
      }
    }
    return readFileSync(file, "utf8").trim();
  }
}

async function createPortalQueue(): Promise<PortalQueue> {
  const config = env();
  let secret = installSecret(config.dataDir);
  let store: QueueStore;
  let redis: Redis | null = null;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    const secretKey = `${config.queue.redisPrefix}:secret`;
    await redis.set(secretKey, secret, "NX");
    secret = (await redis.get(secretKey)) ?? secret;
    store = createRedisStore({ prefix: config.queue.redisPrefix, redis });
  } else {
    store = createMemoryStore();
  }
  const room = createWaitingRoom({
    store,
    secret,
    ticketTtlSeconds: config.queue.ticketTtlSeconds,
    maxTicketsPerIp: config.queue.maxTicketsPerIp,
    burstSeconds: config.queue.burstSeconds,
  });
  const cache = new Map<Area, { at: number; value: Promise<AreaSettings> }>();
  provideQueueLengths(async () => (await room.summaries()).map(({ area, waiting }) => ({ area, waiting })));

  return {
    room,
    storeKind: store.kind,
    settings(area) {
      const hit = cache.get(area);
      if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value;
      const value = room.getSettings({ area });
      value.catch(() => cache.delete(area));
      cache.set(area, { at: Date.now(), value });
      return value;
    },
    async updateSettings(area, changes) {
      const next = await room.updateSettings({ area, changes });
      cache.delete(area);
      return next;
    },
    async close() {
      await store.close();
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}
