"use client";
import { ActionForm } from "@/app/_components/action-form";
import { revokeStampAction } from "./actions";

export function RevokeForm({ serial, labels }: { serial: string; labels: { reason: string; reasonHint: string; submit: string } }) {
  return (
    <ActionForm action={revokeStampAction} submitLabel={labels.submit}>
      <input type="hidden" name="serial" value={serial} />
      <div>
        <label htmlFor="revoke-reason" className="label">{labels.reason}</label>
        <input id="revoke-reason" name="reason" className="field" required minLength={5} maxLength={300} aria-describedby="revoke-hint" />
        <p id="revoke-hint" className="text-sm text-slate-600">{labels.reasonHint}</p>
      </div>
    </ActionForm>
  );
}
