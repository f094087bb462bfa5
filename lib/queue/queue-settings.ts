// An area's waiting-room settings: one schema for the fields and one set of defaults, for the engine
// (Dates), what operators send (JSON) and what the API answers. prisma/schema.prisma repeats the
// defaults as column defaults; test/unit/queue/queue-settings.test.ts checks that they are the same.
import { z } from "zod";
import { PROTECTED_AREAS } from "./types";

export const ZArea = z.enum(PROTECTED_AREAS);

const fields = {
  enabled: z.boolean().describe("When false the area is not protected: everybody is admitted at once (sessions are still tracked)."),
  maxActiveUsers: z.number().int().min(0).max(1_000_000).describe("Admitted sessions active at the same time; 0 pauses admissions without closing the queue."),
  admitPerMinute: z.number().int().min(1).max(1_000_000).describe("New admissions per minute, spread evenly (token bucket), not released in one burst."),
  sessionMinutes: z.number().int().min(1).max(24 * 60).describe("An admitted session ends after this many minutes without a request."),
};
const opensAtText = z.iso.datetime({ offset: true }).nullable().describe("Scheduled opening (ISO 8601 with offset); arrivals before it form a pre-queue that is shuffled at opening.");

/** The settings as the engine holds them. */
export const ZAreaSettings = z.object({ ...fields, opensAt: z.date().nullable() });
export type TAreaSettings = z.infer<typeof ZAreaSettings>;
export const ZAreaSettingsChanges = ZAreaSettings.partial();
export type TAreaSettingsChanges = z.infer<typeof ZAreaSettingsChanges>;

/** What operators send (PUT /api/v1/admin/queue/{area}, the console): any subset; omitted fields keep their value. */
export const ZQueueSettingsInput = z.object({ ...fields, opensAt: opensAtText }).partial().strict();
export type TQueueSettingsInput = z.infer<typeof ZQueueSettingsInput>;

/** What the API answers. */
export const ZQueueSettingsView = z.object({ area: ZArea, ...fields, opensAt: opensAtText });
export type TQueueSettingsView = z.infer<typeof ZQueueSettingsView>;

/** Until an operator turns an area on (a QueueSetting row), nothing is queued. */
export const QUEUE_SETTINGS_DEFAULTS: Readonly<TAreaSettings> = Object.freeze({ enabled: false, maxActiveUsers: 200, admitPerMinute: 600, sessionMinutes: 10, opensAt: null });
