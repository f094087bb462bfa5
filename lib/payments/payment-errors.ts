import { AppError } from "@/lib/errors";

const e = (code: string, status: number, id: string, en: string) => () => new AppError(code, { id, en }, { status });

export const paymentErrors = {
  gateway: (detail: string) =>
    new AppError(
      "PAYMENT_PROVIDER_ERROR",
      { id: "Gateway pembayaran tidak dapat dihubungi. Coba lagi sebentar lagi.", en: "The payment gateway could not be reached. Try again shortly." },
      { status: 502, details: { detail: detail.slice(0, 200) } },
    ),
  unknownProvider: e("UNKNOWN_PROVIDER", 404, "Penyedia pembayaran tidak dikenal.", "Unknown payment provider."),
  providerNotConfigured: e("PROVIDER_NOT_CONFIGURED", 404, "Penyedia pembayaran ini tidak aktif di sini.", "This payment provider is not configured here."),
  malformedJson: e("MALFORMED_JSON", 400, "Body notifikasi bukan JSON yang valid.", "The notification body is not valid JSON."),
  invalidNotification: (issues: { field: string; message: string }[]) =>
    new AppError("INVALID_NOTIFICATION", { id: "Isian notifikasi tidak lengkap atau tidak valid.", en: "The notification's fields are missing or invalid." }, { status: 400, details: { issues } }),
  unsigned: e("SIGNATURE_MISSING", 401, "Notifikasi tidak bertanda tangan (signature_key kosong).", "The notification is unsigned (no signature_key)."),
  forged: e("INVALID_SIGNATURE", 401, "Tanda tangan notifikasi tidak cocok.", "The notification's signature does not match."),
  unknownOrder: e("UNKNOWN_ORDER", 404, "Notifikasi untuk pesanan yang tidak dikenal.", "The notification is for an unknown order."),
  providerMismatch: e("PROVIDER_MISMATCH", 409, "Pesanan ini dibayar melalui penyedia lain.", "This order is paid through another provider."),
  amountMismatch: (expected: number, received: string) =>
    new AppError("AMOUNT_MISMATCH", { id: "Jumlah pembayaran berbeda dengan total pesanan.", en: "The paid amount differs from the order's total." }, { status: 422, details: { expected, received } }),
  inconsistentStatus: e("INCONSISTENT_STATUS", 400, "status_code tidak sesuai dengan transaction_status.", "status_code does not fit transaction_status."),
  simulatorInactive: e("NOT_FOUND", 404, "Tidak ditemukan.", "Not found."),
};
