// What the waiting page and its JSON route show: a plain, serialisable view of an engine result.
import type { TQueueView } from "./api-schemas";
import type { Area, EnterResult } from "./types";

export type { TQueueView } from "./api-schemas";

export function toQueueView(result: EnterResult, area: Area, next: string): TQueueView {
  switch (result.state) {
    case "admitted":
      return { state: "admitted", area, next, admissionNumber: result.admissionNumber };
    case "refused":
      return { state: "refused", area, reason: result.reason };
    case "waiting":
      return {
        state: "waiting",
        area,
        phase: result.phase,
        position: result.position,
        ahead: result.ahead,
        preQueueSize: result.phase === "pre-queue" ? result.preQueueSize : null,
        opensAt: result.phase === "pre-queue" ? result.opensAt.toISOString() : null,
        estimatedWaitSeconds: result.estimatedWaitSeconds,
        updatedAt: result.updatedAt.toISOString(),
        pollAfterSeconds: result.pollAfterSeconds,
      };
  }
}

/** Retry-After for a waiting program: soon enough to keep the ticket alive, not sooner than useful. */
export function retryAfterSeconds(result: { estimatedWaitSeconds: number; pollAfterSeconds: number }): number {
  return Math.max(1, Math.min(result.pollAfterSeconds, Math.ceil(result.estimatedWaitSeconds) || 1));
}
