"use client";
import { useEffect, useState } from "react";
import type { TLocale } from "@/lib/i18n/define-messages";
import type { TFileResult } from "@/lib/verification/file-result";
import { BrowserEngineUnavailable, canVerifyInBrowser, DEFAULT_ANCHORS_URL, DEFAULT_TIMEOUT_MS, DEFAULT_WORKER_URL, loadTrustAnchorsPem, verifyFilesInBrowser } from "@/lib/verification/browser/verify-files";
import type { TVerifyLabels } from "./labels";
import { ResultCard } from "./result-card";
import { keepForOffline } from "./offline-cache";

type TEngine = "browser" | "server";

/**
 * Check one PDF. By default in this browser (lib/verification/browser/): the file stays on this computer and
 * only serials and signed-revision hashes go to the registry. Browsers that cannot (no Web Workers or
 * WebCrypto, or the engine fails to start) upload it to the public, rate-limited server check instead, and
 * the page says so. `?engine=server` asks for the server check on purpose; `?limitMs=` lowers the per-file
 * time limit (not below 100 ms, never above the server's).
 */
export function VerifyUpload({ t, locale }: { t: TVerifyLabels; locale: TLocale }) {
  const [result, setResult] = useState<TFileResult | null>(null);
  const [checkedBy, setCheckedBy] = useState<TEngine | null>(null);
  const [engine, setEngine] = useState<TEngine>("browser");
  const [offlineReady, setOfflineReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [limitMs, setLimitMs] = useState<number | undefined>(undefined);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const forced = params.get("engine") === "server";
    const limit = Number(params.get("limitMs"));
    if (Number.isFinite(limit) && limit >= 100 && limit <= DEFAULT_TIMEOUT_MS) setLimitMs(limit);
    if (forced || !canVerifyInBrowser()) {
      setEngine("server");
      return;
    }
    // Fetched once now, so it is in the offline cache too; a failure here is retried at the first check.
    loadTrustAnchorsPem().catch(() => undefined);
    keepForOffline([DEFAULT_WORKER_URL, DEFAULT_ANCHORS_URL]).then(setOfflineReady, () => setOfflineReady(false));
  }, []);

  async function onServer(form: FormData): Promise<void> {
    const response = await fetch("/api/v1/verify/public", { method: "POST", body: form });
    const body = await response.json();
    if (!response.ok) setError(locale === "en" ? body.error?.message : body.error?.messageId);
    else {
      setResult(body.result);
      setCheckedBy("server");
    }
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    // An empty file is a file too (UNREADABLE_EMPTY); only "nothing chosen" is ignored.
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) return;
    setBusy(true);
    setError(null);
    setResult(null);
    setCheckedBy(null);
    try {
      if (engine === "browser") {
        try {
          const [verified] = await verifyFilesInBrowser([file], { timeoutMs: limitMs });
          setResult(verified.result);
          setCheckedBy("browser");
          return;
        } catch (failure) {
          if (!(failure instanceof BrowserEngineUnavailable)) throw failure;
          // The engine did not start (blocked script, old browser): the server checks it, and the page says so.
          setEngine("server");
        }
      }
      await onServer(form);
    } catch {
      setError(t.networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4" data-engine={engine} data-offline-ready={String(offlineReady)}>
      <p className={engine === "browser" ? "alert-info" : "alert-warning"} data-testid="engine-note">
        {engine === "browser" ? t.localNote : t.serverFallback}
      </p>
      {engine === "browser" && offlineReady && <p className="text-sm text-slate-600">{t.offlineReady}</p>}
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
        {result && (
          <>
            <p className="text-sm" data-checked-by={checkedBy ?? ""}>
              {checkedBy === "server" ? t.checkedOnServer : t.checkedHere}
            </p>
            <ResultCard result={result} t={t} locale={locale} />
          </>
        )}
      </div>
    </div>
  );
}
