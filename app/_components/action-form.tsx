"use client";
import { useActionState, useEffect, useRef, type ReactNode } from "react";

type TResult = { ok: true; message?: string; data?: unknown } | { ok: false; error: string } | null;

/**
 * A form bound to a server action that shows the action's error or success message in a live region,
 * right above its button. A new error takes the focus (GOV.UK's error summary), so that on a phone it is
 * on screen and read out; a success message is scrolled into view.
 * Without JavaScript the browser still posts the form (progressive enhancement).
 */
export function ActionForm<S extends TResult>({
  action,
  children,
  submitLabel,
  pendingLabel,
  className,
  renderData,
}: {
  action: (prev: S | null, form: FormData) => Promise<S>;
  children: ReactNode;
  submitLabel: string;
  /** Shown on the button while the action runs. */
  pendingLabel?: string;
  className?: string;
  renderData?: (data: unknown) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState<S | null, FormData>(action, null);
  const feedback = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state || !feedback.current) return;
    if (!state.ok) {
      feedback.current.focus({ preventScroll: true });
      feedback.current.scrollIntoView({ block: "center" });
    } else feedback.current.scrollIntoView({ block: "nearest" });
  }, [state]);
  return (
    <form action={formAction} className={className ?? "space-y-4"} noValidate>
      {children}
      <div role="status" aria-live="polite">
        {state && !state.ok && (
          <div ref={feedback} tabIndex={-1} role="alert" className="alert-error" data-testid="form-error">
            {state.error}
          </div>
        )}
        {state?.ok && (state.message || state.data !== undefined) && (
          <div ref={feedback}>
            {state.message && <p className="alert-ok">{state.message}</p>}
            {state.data !== undefined && renderData?.(state.data)}
          </div>
        )}
      </div>
      <button type="submit" className="btn" disabled={pending} aria-busy={pending}>
        {pending && pendingLabel ? pendingLabel : submitLabel}
      </button>
    </form>
  );
}
