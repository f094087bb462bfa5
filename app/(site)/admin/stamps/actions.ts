"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { revokeStamp } from "@/lib/verification/revoke-stamp";

const ZRevoke = z.object({ serial: z.string().trim().min(1).max(40), reason: z.string().max(300) });

export async function revokeStampAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  const parsed = ZRevoke.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, error: locale === "id" ? "Isi nomor seri dan alasan." : "Fill in the serial and the reason." };
  try {
    const { serial } = await revokeStamp({ ...parsed.data, actor: { id: operator.id, label: operator.email } });
    revalidatePath("/admin/stamps");
    return { ok: true, message: locale === "id" ? `Nomor seri ${serial} dicabut.` : `Serial ${serial} revoked.` };
  } catch (error) {
    return actionError(error, locale);
  }
}
