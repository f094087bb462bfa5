import { z } from "zod";

export const ORDER_STATUSES = ["PENDING", "PAID", "CREDITED", "EXPIRED", "FAILED", "REFUND_REQUESTED", "REFUNDED"] as const;
export const ZOrderStatus = z.enum(ORDER_STATUSES);
export type TOrderStatus = z.infer<typeof ZOrderStatus>;

/** The order's quota has arrived (and may since have been partly refunded). */
export const CREDITED_STATUSES: readonly TOrderStatus[] = ["CREDITED", "REFUND_REQUESTED", "REFUNDED"];
/** Money not (yet) taken: a settlement arriving now must still be honoured. */
export const UNPAID_STATUSES: readonly TOrderStatus[] = ["PENDING", "EXPIRED", "FAILED"];
