import "server-only";
import type { TTx } from "@/lib/db/client";
import { settleReservation, type TSettleResult } from "./settle-reservation";

/** Affixing failed: the job's reserved units return to available. Idempotent per affixJobId. */
export function releaseQuota(input: { affixJobId: string; reason: string; tx?: TTx }): Promise<TSettleResult> {
  return settleReservation({ affixJobId: input.affixJobId, kind: "RELEASE", note: input.reason, tx: input.tx });
}
