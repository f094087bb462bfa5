// Shared types of the waiting room: the public engine API and the store contract.
// Times inside the engine and the stores are epoch milliseconds (numbers) because the
// Redis store does its arithmetic in Lua; the engine turns them into Dates at its edge.
import type { TAreaSettings } from "./queue-settings";

export const PROTECTED_AREAS = ["buy", "affix"] as const;
export type Area = (typeof PROTECTED_AREAS)[number];

export function isArea(value: unknown): value is Area {
  return typeof value === "string" && (PROTECTED_AREAS as readonly string[]).includes(value);
}

/** An area's settings (lib/queue/queue-settings.ts holds their schema and defaults). */
export type AreaSettings = TAreaSettings;

/** Who is presenting a ticket. `browserId` is the random per-browser id kept in a cookie. */
export interface Visitor {
  userId: string | null;
  browserId: string;
  ip: string;
}

/**
 * Why a ticket is refused. forged: signature invalid, malformed, wrong kind or minted for another area;
 * binding_mismatch: valid, but presented by another account or browser (copied from another device);
 * expired: dropped (stopped polling) or the admitted session ended, so enter again;
 * ip_limit: too many anonymous waiting tickets from this IP address.
 */
export const REFUSAL_REASONS = ["forged", "binding_mismatch", "expired", "ip_limit"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface WaitingInQueue {
  state: "waiting";
  phase: "queue";
  ticketToken: string;
  /** 1-based place in line. */
  position: number;
  ahead: number;
  estimatedWaitSeconds: number;
  updatedAt: Date;
  /** Poll again after this long; well inside the ticket expiry so a live page never loses its place. */
  pollAfterSeconds: number;
}

export interface WaitingBeforeOpening {
  state: "waiting";
  phase: "pre-queue";
  ticketToken: string;
  /** Unknown until opening: the pre-queue is shuffled then. */
  position: null;
  ahead: null;
  /** People in the pre-queue (including this visitor). */
  preQueueSize: number;
  opensAt: Date;
  estimatedWaitSeconds: number;
  updatedAt: Date;
  pollAfterSeconds: number;
}

export interface Admitted {
  state: "admitted";
  sessionToken: string;
  /** 1-based order of admission in the area across all processes; null when continuing a session. */
  admissionNumber: number | null;
  /** Sliding: moves forward on every touch. */
  expiresAt: Date;
}

export interface Refused {
  state: "refused";
  reason: RefusalReason;
}

export type Waiting = WaitingInQueue | WaitingBeforeOpening;
export type EnterResult = Waiting | Admitted | Refused;
export type PollResult = EnterResult;
export type TouchResult = { ok: true; expiresAt: Date } | { ok: false; reason: RefusalReason };

export interface AreaSummary {
  area: Area;
  enabled: boolean;
  /** Queue plus pre-queue length. */
  waiting: number;
  active: number;
  /** Wait for someone joining now. */
  estimatedWaitSeconds: number;
  admitPerMinute: number;
  /** Admissions per minute measured while people were waiting; null when there is too little data. */
  measuredAdmitPerMinute: number | null;
  /** Admissions since the store was created (all processes). */
  admittedTotal: number;
  maxActiveUsers: number;
  opensAt: Date | null;
}

// ---------------------------------------------------------------------------------------------
// Store contract. A store owns all shared state and makes every command atomic, so that several
// server processes sharing one Redis never admit the same person twice or exceed the limits.

/** Settings as stored: plain numbers so Lua can read them. `opensAtMs` is -1 when unset. */
export interface StoredSettings {
  enabled: boolean;
  maxActiveUsers: number;
  admitPerMinute: number;
  sessionMs: number;
  opensAtMs: number;
}

/** Per-process limits sent with every command (not per-area settings). */
export interface StoreLimits {
  /** A waiting ticket without a poll for this long is dropped. */
  ticketTtlMs: number;
  /** Token-bucket size in milliseconds of admission rate (burst allowed after a quiet moment). */
  burstMs: number;
  /** Size of one admission-rate measuring bucket. */
  rateBucketMs: number;
  /** Admission-rate measuring window. */
  rateWindowMs: number;
  /** How long ticket records and the browser→ticket mapping are kept at most. */
  recordTtlMs: number;
}

/** Shuffles the pre-queue at opening; injected so the engine decides the randomness source. */
export type Shuffle = (ticketIds: string[]) => string[];

interface CommandBase {
  area: Area;
  now: number;
  limits: StoreLimits;
  shuffle: Shuffle;
}

export interface EnterCommand extends CommandBase {
  /** "u:<userId>" or "b:<browserId>[:<ip>]": one ticket per owner. */
  ownerKey: string;
  /** IP counted against the per-IP cap; null for signed-in visitors (not capped). */
  cappedIp: string | null;
  maxTicketsPerIp: number;
  /** Id used if a new ticket is created (ids are minted by the engine). */
  newTicketId: string;
}

export interface TicketCommand extends CommandBase {
  ticketId: string;
}

/** Admissions in one measuring bucket. `busy` means people were waiting during the bucket. */
export interface RateSample {
  bucket: number;
  admitted: number;
  busy: boolean;
}

/** Facts every queue-reading reply carries so the engine can estimate waits. */
export interface AreaFacts {
  settings: StoredSettings;
  queueLength: number;
  preQueueLength: number;
  active: number;
  admittedTotal: number;
  rate: RateSample[];
}

export type StoreWaiting =
  | ({ kind: "waiting"; phase: "queue"; ticketId: string; ahead: number } & AreaFacts)
  | ({ kind: "waiting"; phase: "pre-queue"; ticketId: string } & AreaFacts);

export type StoreAdmitted = {
  kind: "admitted";
  ticketId: string;
  admissionNumber: number;
  lastSeenAt: number;
  settings: StoredSettings;
};
export type StoreGone = { kind: "gone" };
export type StoreEnterReply = StoreWaiting | StoreAdmitted | { kind: "ip_limit" };
export type StorePollReply = StoreWaiting | StoreAdmitted | StoreGone;
export type StoreTouchReply = { kind: "alive"; lastSeenAt: number; settings: StoredSettings } | StoreGone;

export interface QueueStore {
  readonly kind: "memory" | "redis";
  /** Stores `settings` unless the area already has some (first process wins); returns the current ones. */
  initSettings(area: Area, settings: StoredSettings): Promise<StoredSettings>;
  getSettings(area: Area): Promise<StoredSettings | null>;
  saveSettings(area: Area, settings: StoredSettings): Promise<void>;
  enter(command: EnterCommand): Promise<StoreEnterReply>;
  poll(command: TicketCommand): Promise<StorePollReply>;
  touch(command: Omit<TicketCommand, "shuffle">): Promise<StoreTouchReply>;
  /** Ends a session or leaves the queue; true when something was removed. */
  release(command: Omit<TicketCommand, "shuffle">): Promise<boolean>;
  /** Advances the queue (admissions, expiry) and reports the area's counters. */
  summary(command: CommandBase): Promise<AreaFacts>;
  close(): Promise<void>;
}
