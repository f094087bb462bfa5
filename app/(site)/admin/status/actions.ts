"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/current-user";
import { actionError, type TActionResult } from "@/lib/edge/action-result";
import { commonErrors } from "@/lib/errors";
import { statusAdminMessages } from "@/lib/i18n/messages/status";
import { getLocale } from "@/lib/i18n/locale";
import { advanceMaintenance } from "@/lib/status/advance-maintenance";
import { createIncident } from "@/lib/status/create-incident";
import { ZAdvanceMaintenance, ZCreateIncident, ZPostIncidentUpdate, ZScheduleMaintenance, ZSetComponentStatus } from "@/lib/status/inputs";
import { postIncidentUpdate } from "@/lib/status/post-incident-update";
import { publishIncident } from "@/lib/status/publish-incident";
import { scheduleMaintenance } from "@/lib/status/schedule-maintenance";
import { setComponentStatus } from "@/lib/status/set-component-status";

type TResult = TActionResult;

// Every action re-checks the operator role itself: a server action is a public POST endpoint.
async function run(form: FormData, message: keyof (typeof statusAdminMessages)["id"], work: (actor: { id: string; label: string }) => Promise<unknown>): Promise<TResult> {
  const locale = await getLocale();
  try {
    const user = await requireActionUser(["OPERATOR"]);
    if (!user) throw commonErrors.forbidden();
    await work({ id: user.id, label: user.email });
    revalidatePath("/admin/status");
    return { ok: true, message: statusAdminMessages[locale][message] };
  } catch (error) {
    return actionError(error, locale);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw commonErrors.invalidInput(`Data tidak valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`, `Invalid input: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** A datetime-local value typed by an operator is Jakarta time (WIB, UTC+7). */
function wib(value: FormDataEntryValue | null) {
  const s = String(value ?? "");
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s) ? `${s}:00+07:00` : s;
}

const str = (form: FormData, key: string) => String(form.get(key) ?? "");

export async function createIncidentAction(_: TResult | null, form: FormData): Promise<TResult> {
  return run(form, "incidentCreated", async (actor) => {
    const input = parse(ZCreateIncident, {
      name: str(form, "name"),
      status: str(form, "status"),
      impact: str(form, "impact"),
      body: str(form, "body"),
      componentIds: form.getAll("componentIds").map(String),
      componentStatus: str(form, "componentStatus") || undefined,
      isDraft: form.get("isDraft") === "on",
    });
    await createIncident({ ...input, actor });
  });
}

export async function postUpdateAction(_: TResult | null, form: FormData): Promise<TResult> {
  return run(form, "updatePosted", async (actor) => {
    const input = parse(ZPostIncidentUpdate, { status: str(form, "status"), body: str(form, "body"), componentStatus: str(form, "componentStatus") || undefined });
    await postIncidentUpdate({ ...input, incidentId: str(form, "incidentId"), actor });
  });
}

export async function publishIncidentAction(_: TResult | null, form: FormData): Promise<TResult> {
  return run(form, "published", (actor) => publishIncident({ incidentId: str(form, "incidentId"), actor }));
}

export async function setComponentStatusAction(_: TResult | null, form: FormData): Promise<TResult> {
  return run(form, "statusSaved", async (actor) => {
    const input = parse(ZSetComponentStatus, { status: str(form, "status") });
    await setComponentStatus({ componentId: str(form, "componentId"), status: input.status, actor });
  });
}

export async function scheduleMaintenanceAction(_: TResult | null, form: FormData): Promise<TResult> {
  return run(form, "scheduled", async (actor) => {
    const input = parse(ZScheduleMaintenance, {
      name: str(form, "name"),
      body: str(form, "body"),
      scheduledFor: wib(form.get("scheduledFor")),
      scheduledUntil: wib(form.get("scheduledUntil")),
      componentIds: form.getAll("componentIds").map(String),
    });
    await scheduleMaintenance({ ...input, actor });
  });
}

export async function advanceMaintenanceAction(_: TResult | null, form: FormData): Promise<TResult> {
  return run(form, "advanced", async (actor) => {
    const input = parse(ZAdvanceMaintenance, { status: str(form, "status"), body: str(form, "body") || undefined });
    await advanceMaintenance({ maintenanceId: str(form, "maintenanceId"), ...input, actor });
  });
}
