import type { TLocalized } from "@/lib/errors";

/** What a form says about a refused field of an account: the registration and the operators' form alike. */
export const accountFieldErrors = {
  email: { id: "Alamat e-mail tidak valid.", en: "The e-mail address is not valid." },
  password: { id: "Kata sandi minimal 10 karakter.", en: "The password must be at least 10 characters." },
  phone: { id: "Nomor telepon tidak valid.", en: "The phone number is not valid." },
  role: { id: "Pilih peran verifikator atau operator.", en: "Choose the verifier or operator role." },
} satisfies Record<string, TLocalized>;

/** Too many registrations from one address (the per-address limit). */
export const registrationLimited: TLocalized = { id: "Terlalu banyak pendaftaran dari alamat ini. Coba lagi nanti.", en: "Too many registrations from this address. Try again later." };

/** The refused field named by a zod issue path, or undefined for a field without its own message. */
export function accountFieldError(field: unknown): TLocalized | undefined {
  return typeof field === "string" && field in accountFieldErrors ? accountFieldErrors[field as keyof typeof accountFieldErrors] : undefined;
}
