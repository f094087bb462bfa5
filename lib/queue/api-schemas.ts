// The waiting room's HTTP contract: the routes parse and answer with these schemas, and the OpenAPI
// document (lib/openapi/paths-queue.ts) is generated from the same objects.
import { z } from "zod";
import { ZArea } from "./queue-settings";
import { REFUSAL_REASONS } from "./types";

export const ZAreaParams = z.object({ area: ZArea });
/** ?area= of the ticket poll and of leaving: anything else (or nothing) means buy. */
export const ZAreaQuery = z.object({ area: ZArea.catch("buy").describe("The protected area (buy when left out).") });

const phase = z.enum(["queue", "pre-queue"]);
const dateTime = z.iso.datetime();

/** What the waiting page and GET /api/v1/queue/ticket show: a plain, serialisable view of an engine result. */
export const ZQueueView = z.discriminatedUnion("state", [
  z.object({
    state: z.literal("waiting"),
    area: ZArea,
    phase,
    position: z.number().int().min(1).nullable().describe("Null before a scheduled opening (the pre-queue is shuffled at opening)."),
    ahead: z.number().int().min(0).nullable(),
    preQueueSize: z.number().int().min(0).nullable(),
    opensAt: dateTime.nullable(),
    estimatedWaitSeconds: z.number().min(0).describe("People ahead ÷ measured admission rate."),
    updatedAt: dateTime,
    pollAfterSeconds: z.number().int().min(1),
  }),
  z.object({
    state: z.literal("admitted"),
    area: ZArea,
    next: z.string().describe("Where to go on to; X-Queue-Ticket carries the session token."),
    admissionNumber: z.number().int().nullable().describe("Order of admission across all processes (null when continuing a session)."),
  }),
  z.object({ state: z.literal("refused"), area: ZArea, reason: z.enum(REFUSAL_REASONS) }),
  z.object({ state: z.literal("none"), area: ZArea }),
]);
export type TQueueView = z.infer<typeof ZQueueView>;

/** The 503 body of a queued API request (lib/queue/guard-request.ts). */
export const ZQueueWaiting = z.object({
  position: z.number().int().min(1).nullable().describe("Null before a scheduled opening (the pre-queue is shuffled at opening)."),
  ahead: z.number().int().min(0).nullable(),
  estimatedWaitSeconds: z.number().min(0).describe("People ahead ÷ measured admission rate."),
  retryAfterSeconds: z.number().int().min(1),
  phase,
  area: ZArea,
  error: z.object({ code: z.literal("QUEUE_WAITING"), message: z.string(), messageId: z.string() }),
});
export type TQueueWaiting = z.infer<typeof ZQueueWaiting>;

export const ZQueueAreaSummary = z.object({
  area: ZArea,
  enabled: z.boolean(),
  waiting: z.number().int().min(0).describe("Queue plus pre-queue length."),
  active: z.number().int().min(0),
  estimatedWaitSeconds: z.number().min(0).describe("Wait for someone joining now."),
  admitPerMinute: z.number().int(),
  measuredAdmitPerMinute: z.number().nullable().describe("Admissions per minute measured while people were waiting; null when there is too little data."),
  admittedTotal: z.number().int().min(0),
  maxActiveUsers: z.number().int().min(0),
  opensAt: dateTime.nullable(),
});
export type TQueueAreaSummary = z.infer<typeof ZQueueAreaSummary>;

export const ZQueueSummaries = z.object({ areas: z.array(ZQueueAreaSummary), updatedAt: dateTime });

export const ZQueueLeft = z.object({ area: ZArea, released: z.boolean().describe("Whether a place was freed.") });
