"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { commonErrors } from "@/lib/errors";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { getLocale } from "@/lib/i18n/locale";
import { queueMessages } from "@/lib/i18n/messages/queue";
import { ZArea, ZAreaSettings } from "@/lib/queue/queue-settings";
import { updateQueueSettings } from "@/lib/queue/update-queue-settings";

// A form sends text: the numbers are read as numbers, then held to the settings' own rules.
const count = (field: z.ZodNumber) => z.coerce.number().pipe(field);
const ZQueueForm = z.object({
  area: ZArea,
  enabled: z.literal("on").optional(),
  maxActiveUsers: count(ZAreaSettings.shape.maxActiveUsers),
  admitPerMinute: count(ZAreaSettings.shape.admitPerMinute),
  sessionMinutes: count(ZAreaSettings.shape.sessionMinutes),
  // datetime-local gives a wall-clock time; the form says it is WIB (UTC+7).
  opensAt: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)]).optional(),
});

export async function updateQueueSettingsAction(_prev: TActionResult | null, form: FormData): Promise<TActionResult> {
  const locale = await getLocale();
  const operator = await requireActionUser(["OPERATOR"]);
  if (!operator) return actionError(commonErrors.forbidden(), locale);
  const parsed = ZQueueForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, error: queueMessages[locale].invalid };
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
