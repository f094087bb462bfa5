import { requirePageUser } from "@/lib/auth/current-user";
import { getLocale } from "@/lib/i18n/locale";
import { queueMessages } from "@/lib/i18n/messages/queue";
import { getQueueSummaries } from "@/lib/queue/get-queue-summaries";
import { PROTECTED_AREAS } from "@/lib/queue/types";
import { getQueueSettings } from "@/lib/queue/update-queue-settings";
import { LiveQueueNumbers } from "./live-queue-numbers";
import { QueueSettingsForm } from "./queue-settings-form";

export const metadata = { title: "Admin · Antrean" };
export const dynamic = "force-dynamic";

/** A stored instant as the WIB wall-clock value a datetime-local input shows. */
function toWib(iso: string | null): string {
  return iso ? new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 16) : "";
}

export default async function AdminQueuePage() {
  await requirePageUser(["OPERATOR"]);
  const t = queueMessages[await getLocale()];
  const [summaries, settings] = await Promise.all([getQueueSummaries(), Promise.all(PROTECTED_AREAS.map((area) => getQueueSettings(area)))]);
  const areaNames = { buy: t.area_buy, affix: t.area_affix };
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t.adminTitle}</h1>
      <p>{t.adminIntro}</p>
      <LiveQueueNumbers
        initial={summaries}
        labels={{ caption: t.liveNumbers, area: t.areaColumn, state: t.enabled, waiting: t.waiting, active: t.active, measuredRate: t.measuredRate, admittedTotal: t.admittedTotal, on: t.on, off: t.off, notMeasured: t.notMeasured, areaNames }}
      />
      {settings.map((s) => (
        <section key={s.area} className="card space-y-3" aria-labelledby={`queue-${s.area}`}>
          <h2 id={`queue-${s.area}`} className="text-xl font-semibold">{areaNames[s.area]}</h2>
          <QueueSettingsForm
            area={s.area}
            settings={{ enabled: s.enabled, maxActiveUsers: s.maxActiveUsers, admitPerMinute: s.admitPerMinute, sessionMinutes: s.sessionMinutes, opensAtWib: toWib(s.opensAt) }}
            labels={{ enabled: t.enabled, maxActiveUsers: t.maxActiveUsers, admitPerMinute: t.admitPerMinute, sessionMinutes: t.sessionMinutes, opensAt: t.opensAt, save: t.save }}
          />
        </section>
      ))}
    </div>
  );
}
