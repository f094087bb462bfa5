// Who may continue while the process is overloaded (lib/server/overload.ts measures that).
export type AdmissionDecision = { action: "allow" } | { action: "shed"; status: 503; retryAfterSeconds: number };

/**
 * Pure decision for one request. Admitted visitors always continue (shedding them would waste the
 * work already done and break purchases half-way); queue entry stays open because it is cheap and
 * turning people away would make them retry harder; light requests (status, static) are not shed.
 */
export function decideAdmission(input: {
  overloaded: boolean;
  /** The request carries a valid admitted session. */
  admitted: boolean;
  /** The request only joins or polls the queue. */
  isQueueEntry: boolean;
  /** The request does expensive work (buy, affix, bulk verification). Default true. */
  isHeavy?: boolean;
  retryAfterSeconds?: number;
}): AdmissionDecision {
  const heavy = input.isHeavy ?? true;
  if (!input.overloaded || input.admitted || input.isQueueEntry || !heavy) return { action: "allow" };
  return { action: "shed", status: 503, retryAfterSeconds: Math.max(1, Math.round(input.retryAfterSeconds ?? 10)) };
}
