import { AppError } from "@/lib/errors";

export const orderErrors = {
  emailNotConfirmed: () =>
    new AppError(
      "EMAIL_NOT_CONFIRMED",
      { id: "Konfirmasi alamat e-mail Anda dahulu: buka tautan yang kami kirim saat Anda mendaftar.", en: "Confirm your e-mail address first: open the link we sent when you registered." },
      { status: 403 },
    ),
  invalidQuantity: (max: number) =>
    new AppError(
      "INVALID_QUANTITY",
      { id: `Jumlah meterai harus bilangan bulat 1 sampai ${max}.`, en: `The number of stamps must be a whole number from 1 to ${max}.` },
      { status: 400, details: { field: "quantity", min: 1, max } },
    ),
  idempotencyKeyRequired: () =>
    new AppError(
      "IDEMPOTENCY_KEY_REQUIRED",
      { id: "Header Idempotency-Key wajib diisi (8–200 karakter ASCII).", en: "The Idempotency-Key header is required (8–200 ASCII characters)." },
      { status: 400, details: { field: "Idempotency-Key" } },
    ),
  keyReused: (quantity: number) =>
    new AppError(
      "IDEMPOTENCY_KEY_REUSED",
      {
        id: `Kunci idempotensi ini sudah dipakai untuk pesanan ${quantity} meterai. Gunakan kunci baru untuk pesanan baru.`,
        en: `This idempotency key was already used for an order of ${quantity} stamps. Use a new key for a new order.`,
      },
      { status: 409, details: { quantity } },
    ),
  notFound: () => new AppError("NOT_FOUND", { id: "Pesanan tidak ditemukan.", en: "Order not found." }, { status: 404 }),
  notPayable: (status: string) =>
    new AppError(
      "ORDER_NOT_PAYABLE",
      { id: `Pesanan ini tidak dapat dibayar (status ${status}). Buat pesanan baru.`, en: `This order cannot be paid (status ${status}). Create a new order.` },
      { status: 409, details: { status } },
    ),
  refundNotAllowed: (reason: { id: string; en: string }) => new AppError("REFUND_NOT_ALLOWED", reason, { status: 409 }),
};
