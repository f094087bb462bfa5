"use client";
import { useActionState, type ReactNode } from "react";

type TResult = { ok: true; message?: string; data?: unknown } | { ok: false; error: string } | null;

/**
 * A form bound to a server action that shows the action's error or success message in a live region.
 * Without JavaScript the browser still posts the form (progressive enhancement).
 */
export function ActionForm<S extends TResult>({
  action,
  children,
  submitLabel,
  className,
  renderData,
}: {
  action: (prev: S | null, form: FormData) => Promise<S>;
  children: ReactNode;
  submitLabel: string;
  className?: string;
  renderData?: (data: unknown) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState<S | null, FormData>(action, null);
  return (
    <form action={formAction} className={className ?? "space-y-4"} noValidate>
      {children}
      <div role="status" aria-live="polite">
        {state && !state.ok && <p className="alert-error">{state.error}</p>}
        {state?.ok && state.message && <p className="alert-ok">{state.message}</p>}
        {state?.ok && state.data !== undefined && renderData?.(state.data)}
      </div>
      <button type="submit" className="btn" disabled={pending} aria-busy={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
