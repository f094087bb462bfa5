"use client";
import { useState } from "react";
import type { TLocale } from "@/lib/i18n/define-messages";
import type { TFileResult } from "@/lib/verification/file-result";
import type { TVerifyLabels } from "./labels";
import { ResultCard } from "./result-card";

/** Upload one PDF to the public, rate-limited check and show its verdict. */
export function VerifyUpload({ t, locale }: { t: TVerifyLabels; locale: TLocale }) {
  const [result, setResult] = useState<TFileResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const response = await fetch("/api/v1/verify/public", { method: "POST", body: form });
      const body = await response.json();
      if (!response.ok) setError(locale === "en" ? body.error?.message : body.error?.messageId);
      else setResult(body.result);
    } catch {
      setError(t.networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-3">
        <div>
          <label htmlFor="verify-file" className="label">{t.fileLabel}</label>
          <input id="verify-file" name="file" type="file" accept="application/pdf,.pdf" required className="field" />
        </div>
        <button type="submit" className="btn" disabled={busy} aria-busy={busy}>
          {busy ? t.verifying : t.verifyButton}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {error && <p className="alert-error">{error}</p>}
        {result && <ResultCard result={result} t={t} locale={locale} />}
      </div>
    </div>
  );
}
