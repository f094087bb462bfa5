import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/append-audit";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { AppError } from "@/lib/errors";

export const ZEmail = z.string().trim().toLowerCase().max(254).email();
export const ZPassword = z.string().min(10).max(200);
export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{8,20}$/)
  .optional()
  .or(z.literal("").transform(() => undefined));

export const ZRegistration = z.object({ email: ZEmail, password: ZPassword, phone: ZPhone, name: z.string().trim().max(100).optional() });
export type TRegistration = z.infer<typeof ZRegistration>;

export const registrationErrors = {
  email: { id: "Alamat e-mail tidak valid.", en: "The e-mail address is not valid." },
  password: { id: "Kata sandi minimal 10 karakter.", en: "The password must be at least 10 characters." },
  phone: { id: "Nomor telepon tidak valid.", en: "The phone number is not valid." },
  taken: {
    id: "Pendaftaran tidak dapat diproses dengan data ini. Jika Anda sudah punya akun, silakan masuk.",
    en: "Registration could not be completed with these details. If you already have an account, please sign in.",
  },
};

export async function registerApplicant(input: TRegistration) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, passwordHash, phone: input.phone ?? null, name: input.name || null, role: "APPLICANT" },
        select: { id: true, email: true, role: true },
      });
      await appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.register", targetType: "User", targetId: user.id });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", registrationErrors.taken);
    throw error;
  }
}
