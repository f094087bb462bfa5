import Link from "next/link";
import { infoMessages } from "@/lib/i18n/messages/info";
import { getLocale } from "@/lib/i18n/locale";
import { getStatusState } from "@/lib/status/status-cache";
import { isIncidentOpen, isMaintenanceActive } from "@/lib/status/state";

/**
 * An open incident or maintenance under way, on every page of the site and not only on /status
 * (GOV.UK's "important" notification banner). Reads the status page's in-memory state: no query per page.
 */
export async function IncidentBanner() {
  const state = await getStatusState().catch(() => null);
  if (!state) return null;
  const incidents = state.incidents.filter(isIncidentOpen);
  const maintenances = state.maintenances.filter(isMaintenanceActive);
  if (incidents.length === 0 && maintenances.length === 0) return null;
  const t = infoMessages[await getLocale()];
  return (
    <section className="border-b-4 border-amber-600 bg-amber-50 text-slate-900" aria-labelledby="incident-banner-title" data-testid="incident-banner">
      <div className="mx-auto max-w-5xl space-y-1 px-4 py-3">
        <h2 id="incident-banner-title" className="font-bold">{incidents.length > 0 ? t.incidentTitle : t.maintenanceTitle}</h2>
        <ul>
          {[...incidents, ...maintenances].map((i) => (
            <li key={i.id}>{i.name}{i.updates[0]?.body ? ` — ${i.updates[0].body}` : ""}</li>
          ))}
        </ul>
        <p><Link href="/status" className="font-semibold text-brand-800 underline">{t.incidentMore}</Link></p>
      </div>
    </section>
  );
}
