import { AppError } from "@/lib/errors";

export const quotaErrors = {
  exhausted: (needed: number, available: number) =>
    new AppError(
      "QUOTA_EXHAUSTED",
      {
        id: `Kuota tidak cukup: perlu ${needed}, tersedia ${available}. Beli meterai terlebih dahulu.`,
        en: `Not enough quota: ${needed} needed, ${available} available. Buy stamps first.`,
      },
      { status: 402, details: { needed, available } },
    ),
  invalidUnits: () =>
    new AppError("INVALID_INPUT", { id: "Jumlah unit harus bilangan bulat positif.", en: "Units must be a positive whole number." }),
  noReservation: (affixJobId: string) =>
    new AppError(
      "RESERVATION_NOT_FOUND",
      { id: "Reservasi kuota tidak ditemukan.", en: "No quota reservation was found for this job." },
      { status: 404, details: { affixJobId } },
    ),
  alreadySettled: (affixJobId: string, kind: string) =>
    new AppError(
      "RESERVATION_SETTLED",
      { id: "Reservasi kuota ini sudah diselesaikan dengan cara lain.", en: "This quota reservation was already settled the other way." },
      { status: 409, details: { affixJobId, settledAs: kind } },
    ),
};
