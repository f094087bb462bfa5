import Link from "next/link";
import { ActionForm } from "@/app/_components/action-form";
import { requirePageUser } from "@/lib/auth/current-user";
import { statusAdminMessages, statusMessages } from "@/lib/i18n/messages/status";
import { getLocale } from "@/lib/i18n/locale";
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES } from "@/lib/status/catalog";
import { formatJakartaTime } from "@/lib/status/format";
import { loadStatusConsole } from "@/lib/status/load-console";
import { advanceMaintenanceAction, createIncidentAction, postUpdateAction, publishIncidentAction, scheduleMaintenanceAction, setComponentStatusAction } from "./actions";

export const metadata = { title: "Status" };

export default async function StatusConsolePage() {
  await requirePageUser(["OPERATOR"]);
  const locale = await getLocale();
  const t = statusAdminMessages[locale];
  const p = statusMessages[locale];
  const data = await loadStatusConsole();
  const componentName = (id: string) => {
    const c = data.components.find((x) => x.id === id);
    return c ? (locale === "id" ? c.name : c.nameEn) : id;
  };
  const statusLabel = (s: string) => (p[`status_${s}` as keyof typeof p] as string) ?? s;
  const incLabel = (s: string) => (p[`inc_${s}` as keyof typeof p] as string) ?? s;
  const impactLabel = (s: string) => (p[`impact_${s}` as keyof typeof p] as string) ?? s;

  const componentChecks = (prefix: string) => (
    <fieldset className="space-y-1">
      <legend className="label">{t.affected}</legend>
      {data.components.map((c) => (
        <label key={c.id} className="flex items-center gap-2" htmlFor={`${prefix}-${c.id}`}>
          <input id={`${prefix}-${c.id}`} type="checkbox" name="componentIds" value={c.id} /> {locale === "id" ? c.name : c.nameEn}
        </label>
      ))}
    </fieldset>
  );

  const timeline = (updates: { id: string; status: string; body: string; createdAt: Date }[]) => (
    <ol className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-sm">
      {updates.map((u) => (
        <li key={u.id}><strong>{incLabel(u.status)}</strong> · {formatJakartaTime(u.createdAt, locale)} — {u.body}</li>
      ))}
    </ol>
  );

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{t.consoleTitle}</h1>
        <span className="flex gap-3"><Link href="/admin/outbox" className="text-brand-700 underline">{t.outboxTitle}</Link><Link href="/status" className="text-brand-700 underline">{t.viewPublic}</Link></span>
      </div>

      <section aria-labelledby="components" className="space-y-3">
        <h2 id="components" className="text-xl font-semibold">{t.components}</h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {data.components.map((c) => (
            <li key={c.id} className="card">
              <ActionForm action={setComponentStatusAction} submitLabel={t.setStatus} className="space-y-2">
                <input type="hidden" name="componentId" value={c.id} />
                <label className="label" htmlFor={`cs-${c.id}`}>{locale === "id" ? c.name : c.nameEn} — {statusLabel(c.status)}</label>
                <select id={`cs-${c.id}`} name="status" className="field" defaultValue={c.status}>
                  {COMPONENT_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
                </select>
              </ActionForm>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="drafts" className="space-y-3">
        <h2 id="drafts" className="text-xl font-semibold">{t.drafts}</h2>
        {data.drafts.length === 0 && <p className="text-slate-600">{t.none}</p>}
        {data.drafts.map((i) => (
          <article key={i.id} className="card space-y-2">
            <h3 className="font-semibold">{i.name}</h3>
            <p className="text-sm text-slate-600">{incLabel(i.status)} · {impactLabel(i.impact)} · {i.components.map((c) => componentName(c.componentId)).join(", ")}{i.autoOpened ? ` · ${t.autoOpened}` : ""}</p>
            {timeline(i.updates)}
            <ActionForm action={publishIncidentAction} submitLabel={t.publish}>
              <input type="hidden" name="incidentId" value={i.id} />
            </ActionForm>
            <UpdateForm incidentId={i.id} t={t} incLabel={incLabel} />
          </article>
        ))}
      </section>

      <section aria-labelledby="active" className="space-y-3">
        <h2 id="active" className="text-xl font-semibold">{t.activeIncidents}</h2>
        {data.activeIncidents.length === 0 && <p className="text-slate-600">{t.none}</p>}
        {data.activeIncidents.map((i) => (
          <article key={i.id} className="card space-y-2" aria-label={i.name}>
            <h3 className="font-semibold">{i.name}</h3>
            <p className="text-sm text-slate-600">{incLabel(i.status)} · {t.impact}: {impactLabel(i.impact)} · {i.components.map((c) => componentName(c.componentId)).join(", ")}</p>
            {timeline(i.updates)}
            <UpdateForm incidentId={i.id} t={t} incLabel={incLabel} />
          </article>
        ))}
      </section>

      <section aria-labelledby="new-incident" className="card space-y-3">
        <h2 id="new-incident" className="text-xl font-semibold">{t.newIncident}</h2>
        <ActionForm action={createIncidentAction} submitLabel={t.createIncident}>
          <div><label className="label" htmlFor="inc-name">{t.name}</label><input id="inc-name" name="name" className="field" required maxLength={200} /></div>
          <div className="grid gap-3 sm:grid-cols-2">
            <div><label className="label" htmlFor="inc-status">{t.status}</label>
              <select id="inc-status" name="status" className="field" defaultValue="investigating">
                {INCIDENT_STATUSES.filter((s) => s !== "resolved" && s !== "postmortem").map((s) => <option key={s} value={s}>{incLabel(s)}</option>)}
              </select></div>
            <div><label className="label" htmlFor="inc-impact">{t.impact}</label>
              <select id="inc-impact" name="impact" className="field" defaultValue="minor">
                {IMPACTS.map((s) => <option key={s} value={s}>{impactLabel(s)}</option>)}
              </select></div>
          </div>
          <div><label className="label" htmlFor="inc-body">{t.body}</label><textarea id="inc-body" name="body" className="field" rows={3} required maxLength={5000} /></div>
          {componentChecks("inc")}
          <div><label className="label" htmlFor="inc-cs">{t.componentStatusOptional}</label>
            <select id="inc-cs" name="componentStatus" className="field" defaultValue="">
              <option value="">{t.followImpact}</option>
              {COMPONENT_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
            </select></div>
          <label className="flex items-center gap-2" htmlFor="inc-draft"><input id="inc-draft" type="checkbox" name="isDraft" /> {t.saveAsDraft}</label>
        </ActionForm>
      </section>

      <section aria-labelledby="maint" className="space-y-3">
        <h2 id="maint" className="text-xl font-semibold">{t.maintenance}</h2>
        {data.maintenances.length === 0 && <p className="text-slate-600">{t.none}</p>}
        {data.maintenances.map((m) => (
          <article key={m.id} className="card space-y-2">
            <h3 className="font-semibold">{m.name}</h3>
            <p className="text-sm text-slate-600">{incLabel(m.status)} · {m.scheduledFor ? formatJakartaTime(m.scheduledFor, locale) : ""} – {m.scheduledUntil ? formatJakartaTime(m.scheduledUntil, locale) : ""} · {m.components.map((c) => componentName(c.componentId)).join(", ")}</p>
            {timeline(m.updates)}
            <div className="flex flex-wrap gap-3">
              {m.status === "scheduled" && (
                <ActionForm action={advanceMaintenanceAction} submitLabel={t.start}>
                  <input type="hidden" name="maintenanceId" value={m.id} /><input type="hidden" name="status" value="in_progress" />
                </ActionForm>
              )}
              <ActionForm action={advanceMaintenanceAction} submitLabel={t.complete}>
                <input type="hidden" name="maintenanceId" value={m.id} /><input type="hidden" name="status" value="completed" />
              </ActionForm>
            </div>
          </article>
        ))}
        <div className="card">
          <h3 className="mb-2 font-semibold">{t.scheduleMaintenance}</h3>
          <ActionForm action={scheduleMaintenanceAction} submitLabel={t.schedule}>
            <div><label className="label" htmlFor="m-name">{t.maintenanceName}</label><input id="m-name" name="name" className="field" required maxLength={200} /></div>
            <div><label className="label" htmlFor="m-body">{t.body}</label><textarea id="m-body" name="body" className="field" rows={2} required /></div>
            <div className="grid gap-3 sm:grid-cols-2">
              <div><label className="label" htmlFor="m-from">{t.scheduledFor}</label><input id="m-from" name="scheduledFor" type="datetime-local" className="field" required /></div>
              <div><label className="label" htmlFor="m-until">{t.scheduledUntil}</label><input id="m-until" name="scheduledUntil" type="datetime-local" className="field" required /></div>
            </div>
            {componentChecks("m")}
          </ActionForm>
        </div>
      </section>

      <section aria-labelledby="recent" className="space-y-3">
        <h2 id="recent" className="text-xl font-semibold">{t.recent}</h2>
        {data.recent.length === 0 && <p className="text-slate-600">{t.none}</p>}
        {data.recent.map((i) => (
          <article key={i.id} className="card"><h3 className="font-semibold">{i.name}</h3>{timeline(i.updates)}</article>
        ))}
      </section>
    </div>
  );
}

function UpdateForm({ incidentId, t, incLabel }: { incidentId: string; t: (typeof statusAdminMessages)["id"]; incLabel: (s: string) => string }) {
  return (
    <ActionForm action={postUpdateAction} submitLabel={t.postUpdate} className="space-y-2 border-t border-slate-200 pt-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <div><label className="label" htmlFor={`us-${incidentId}`}>{t.updateStatus}</label>
        <select id={`us-${incidentId}`} name="status" className="field" defaultValue="identified">
          {INCIDENT_STATUSES.map((s) => <option key={s} value={s}>{incLabel(s)}</option>)}
        </select></div>
      <div><label className="label" htmlFor={`ub-${incidentId}`}>{t.updateBody}</label><textarea id={`ub-${incidentId}`} name="body" className="field" rows={2} required /></div>
    </ActionForm>
  );
}
