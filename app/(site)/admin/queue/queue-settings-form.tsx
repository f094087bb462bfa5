"use client";
import { ActionForm } from "@/app/_components/action-form";
import { updateQueueSettingsAction } from "./actions";

type TLabels = { enabled: string; maxActiveUsers: string; admitPerMinute: string; sessionMinutes: string; opensAt: string; save: string };
type TSettings = { enabled: boolean; maxActiveUsers: number; admitPerMinute: number; sessionMinutes: number; opensAtWib: string };

export function QueueSettingsForm({ area, settings, labels }: { area: string; settings: TSettings; labels: TLabels }) {
  const id = (name: string) => `${area}-${name}`;
  return (
    <ActionForm action={updateQueueSettingsAction} submitLabel={labels.save}>
      <input type="hidden" name="area" value={area} />
      <div className="flex items-center gap-2">
        <input id={id("enabled")} name="enabled" type="checkbox" defaultChecked={settings.enabled} className="h-5 w-5" />
        <label htmlFor={id("enabled")} className="font-medium">{labels.enabled}</label>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          <label htmlFor={id("max")} className="label">{labels.maxActiveUsers}</label>
          <input id={id("max")} name="maxActiveUsers" type="number" min={0} step={1} required inputMode="numeric" className="field" defaultValue={settings.maxActiveUsers} />
        </div>
        <div>
          <label htmlFor={id("rate")} className="label">{labels.admitPerMinute}</label>
          <input id={id("rate")} name="admitPerMinute" type="number" min={1} step={1} required inputMode="numeric" className="field" defaultValue={settings.admitPerMinute} />
        </div>
        <div>
          <label htmlFor={id("session")} className="label">{labels.sessionMinutes}</label>
          <input id={id("session")} name="sessionMinutes" type="number" min={1} step={1} required inputMode="numeric" className="field" defaultValue={settings.sessionMinutes} />
        </div>
      </div>
      <div>
        <label htmlFor={id("opens")} className="label">{labels.opensAt}</label>
        <input id={id("opens")} name="opensAt" type="datetime-local" className="field" defaultValue={settings.opensAtWib} />
      </div>
    </ActionForm>
  );
}
