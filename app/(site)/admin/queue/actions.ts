"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { queueMessages } from "@/lib/i18n/messages/queue";
import { isArea } from "@/lib/queue/types";
import { updateQueueSettings } from "@/lib/queue/update-queue-settings";

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const ZQueueForm = z.object({
  area: z.string().refine(isArea),
  enabled: z.literal("on").optional(),
  maxActiveUsers: count(0, 1_000_000),
  admitPerMinute: count(1, 1_000_000),
  sessionMinutes: count(1, 24 * 60),
  // datetime-local gives a wall-clock time; the form says it is WIB (UTC+7).
  opensAt: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)]).optional(),
});

export async function updateQueueSettingsAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  const parsed = ZQueueForm.safeParse(Object.fromEntries(form));
  if (!parsed.success || !isArea(parsed.data.area)) return { ok: false, error: queueMessages[locale].invalid };
  const { area, enabled, opensAt, ...numbers } = parsed.data;
  try {
    await updateQueueSettings({
      area,
      changes: { ...numbers, enabled: enabled === "on", opensAt: opensAt ? new Date(`${opensAt}:00+07:00`).toISOString() : null },
      actor: { id: operator.id, label: operator.email },
    });
    revalidatePath("/admin/queue");
    return { ok: true, message: queueMessages[locale].saved };
  } catch (error) {
    return actionError(error, locale);
  }
}
