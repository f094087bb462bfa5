import "server-only";
import type { TTx } from "@/lib/db/client";
import { settleReservation, type TSettleResult } from "./settle-reservation";

/** The stamp was produced: the job's reserved units become consumed. Idempotent per affixJobId. */
export function consumeQuota(input: { affixJobId: string; tx?: TTx }): Promise<TSettleResult> {
  return settleReservation({ affixJobId: input.affixJobId, kind: "CONSUME", tx: input.tx });
}
