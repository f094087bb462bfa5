// What the waiting page and its JSON route show: a plain, serialisable view of an engine result.
import type { Area, EnterResult, RefusalReason } from "./types";

export type TQueueView =
  | {
      state: "waiting";
      area: Area;
      phase: "queue" | "pre-queue";
      position: number | null;
      ahead: number | null;
      preQueueSize: number | null;
      opensAt: string | null;
      estimatedWaitSeconds: number;
      updatedAt: string;
      pollAfterSeconds: number;
    }
  /** admissionNumber: the order of admission across all processes (null when continuing a session). */
  | { state: "admitted"; area: Area; next: string; admissionNumber: number | null }
  | { state: "refused"; area: Area; reason: RefusalReason }
  | { state: "none"; area: Area };

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
