"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { createUser } from "@/lib/users/create-user";
import { ZEmail, ZPassword } from "@/lib/users/register-applicant";

const ZCreateUser = z.object({ email: ZEmail, password: ZPassword, role: z.enum(["VERIFIER", "OPERATOR"]), name: z.string().trim().max(100).optional() });

export async function createUserAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  const parsed = ZCreateUser.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0]);
    const messages: Record<string, [string, string]> = {
      email: ["Alamat e-mail tidak valid.", "The e-mail address is not valid."],
      password: ["Kata sandi minimal 10 karakter.", "The password must be at least 10 characters."],
      role: ["Pilih peran verifikator atau operator.", "Choose the verifier or operator role."],
    };
    const [id, en] = messages[field] ?? ["Data tidak valid.", "Invalid input."];
    return { ok: false, error: locale === "id" ? id : en };
  }
  try {
    const user = await createUser({ ...parsed.data, actor: { id: operator.id, label: operator.email } });
    revalidatePath("/admin/users");
    return { ok: true, message: locale === "id" ? `Akun ${user.email} (${user.role}) dibuat.` : `Account ${user.email} (${user.role}) created.` };
  } catch (error) {
    return actionError(error, locale);
  }
}
