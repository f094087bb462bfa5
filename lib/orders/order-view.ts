import type { TOrderStatus } from "./order-status";

/** The columns every order view needs; select exactly these. */
export const orderSelect = {
  id: true,
  userId: true,
  quantity: true,
  unitPrice: true,
  serviceFee: true,
  amount: true,
  status: true,
  provider: true,
  providerRef: true,
  qrString: true,
  expiresAt: true,
  paidAt: true,
  creditedAt: true,
  refundUnits: true,
  refundReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type TOrderRow = {
  id: string;
  userId: string;
  quantity: number;
  unitPrice: number;
  serviceFee: number;
  amount: number;
  status: string;
  provider: string;
  providerRef: string | null;
  qrString: string | null;
  expiresAt: Date;
  paidAt: Date | null;
  creditedAt: Date | null;
  refundUnits: number;
  refundReason: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The order as the API returns it (`amount` is the total in rupiah). */
export function toApiOrder(o: TOrderRow) {
  return {
    id: o.id,
    status: o.status as TOrderStatus,
    quantity: o.quantity,
    unitPrice: o.unitPrice,
    serviceFee: o.serviceFee,
    amount: o.amount,
    currency: "IDR" as const,
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    creditedAt: o.creditedAt?.toISOString() ?? null,
    refundUnits: o.refundUnits,
    payment: { provider: o.provider, qrString: o.qrString, expiresAt: o.expiresAt.toISOString() },
  };
}
export type TApiOrder = ReturnType<typeof toApiOrder>;
