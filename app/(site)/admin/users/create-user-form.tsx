"use client";
import { ActionForm } from "@/app/_components/action-form";
import { createUserAction } from "./actions";

type TLabels = { email: string; password: string; role: string; verifier: string; operator: string; submit: string; name: string };

export function CreateUserForm({ labels }: { labels: TLabels }) {
  return (
    <ActionForm action={createUserAction} submitLabel={labels.submit}>
      <div>
        <label htmlFor="new-email" className="label">{labels.email}</label>
        <input id="new-email" name="email" type="email" required className="field" autoComplete="off" />
      </div>
      <div>
        <label htmlFor="new-name" className="label">{labels.name}</label>
        <input id="new-name" name="name" className="field" autoComplete="off" />
      </div>
      <div>
        <label htmlFor="new-password" className="label">{labels.password}</label>
        <input id="new-password" name="password" type="password" required minLength={10} className="field" autoComplete="new-password" />
      </div>
      <div>
        <label htmlFor="new-role" className="label">{labels.role}</label>
        <select id="new-role" name="role" className="field" defaultValue="VERIFIER">
          <option value="VERIFIER">{labels.verifier}</option>
          <option value="OPERATOR">{labels.operator}</option>
        </select>
      </div>
    </ActionForm>
  );
}
