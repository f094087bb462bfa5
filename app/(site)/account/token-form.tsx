"use client";
import { ActionForm } from "@/app/_components/action-form";
import { createTokenAction } from "./actions";

export function TokenForm({ labels }: { labels: { tokenName: string; createToken: string; tokenCreated: string } }) {
  return (
    <ActionForm
      action={createTokenAction as never}
      submitLabel={labels.createToken}
      renderData={(data) => (
        <div className="alert-ok space-y-1">
          <p>{labels.tokenCreated}</p>
          <code data-testid="new-token" className="block break-all rounded bg-white p-2 font-mono text-sm">
            {(data as { secret: string }).secret}
          </code>
        </div>
      )}
    >
      <div>
        <label htmlFor="token-name" className="label">{labels.tokenName}</label>
        <input id="token-name" name="name" required maxLength={80} className="field" />
      </div>
    </ActionForm>
  );
}
