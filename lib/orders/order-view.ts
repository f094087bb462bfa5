import { z } from "zod";
import { ZProviderName } from "@/lib/payments/notification";
import { ZOrderStatus, type TOrderStatus } from "./order-status";

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

const dateTime = z.iso.datetime();

/** The order as the API returns it (GET and POST /api/v1/orders…, and the OpenAPI document's Order). */
export const ZApiOrder = z.object({
  id: z.string(),
  status: ZOrderStatus,
  quantity: z.number().int().min(1),
  unitPrice: z.number().int().describe("Rupiah per stamp."),
  serviceFee: z.number().int().describe("Rupiah per stamp."),
  amount: z.number().int().describe("Total in rupiah."),
  currency: z.literal("IDR"),
  createdAt: dateTime,
  paidAt: dateTime.nullable(),
  creditedAt: dateTime.nullable(),
  refundUnits: z.number().int(),
  payment: z.object({
    provider: ZProviderName,
    qrString: z.string().nullable().describe("The QRIS payload to render as a QR code."),
    expiresAt: dateTime,
  }),
});
export type TApiOrder = z.infer<typeof ZApiOrder>;

/** The order as the API returns it (`amount` is the total in rupiah). */
export function toApiOrder(o: TOrderRow): TApiOrder {
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
    payment: { provider: o.provider as TApiOrder["payment"]["provider"], qrString: o.qrString, expiresAt: o.expiresAt.toISOString() },
  };
}
