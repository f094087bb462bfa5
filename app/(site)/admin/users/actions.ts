"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { createUser } from "@/lib/users/create-user";
import { ZEmail, ZPassword } from "@/lib/users/register-applicant";
import { accountFieldError } from "@/lib/users/user-errors";

const ZCreateUser = z.object({ email: ZEmail, password: ZPassword, role: z.enum(["VERIFIER", "OPERATOR"]), name: z.string().trim().max(100).optional() });

export async function createUserAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  const parsed = ZCreateUser.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const field = accountFieldError(parsed.error.issues[0]?.path[0]);
    return field ? { ok: false, error: field[locale] } : actionError(commonErrors.invalidData(), locale);
  }
  try {
    const user = await createUser({ ...parsed.data, actor: { id: operator.id, label: operator.email } });
    revalidatePath("/admin/users");
    return { ok: true, message: locale === "id" ? `Akun ${user.email} (${user.role}) dibuat.` : `Account ${user.email} (${user.role}) created.` };
  } catch (error) {
    return actionError(error, locale);
  }
}
