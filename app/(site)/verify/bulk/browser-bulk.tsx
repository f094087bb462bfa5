"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { TLocale } from "@/lib/i18n/define-messages";
import { resultsToCsv, resultsToJson, serialsInSeveralFiles } from "@/lib/verification/export-results";
import type { TFileResult } from "@/lib/verification/file-result";
import { VERDICTS, type TVerdict } from "@/lib/verification/verdicts";
import type { TBatchLimits, TBatchProgress } from "@/lib/verification/browser/verify-batch";
import type { TVerifyLabels } from "../labels";
import { FileResultRow } from "../file-result-row";
import { naturalOrder, VERDICT_TONE } from "../verdict-tone";

type TState =
  | { phase: "idle" }
  | { phase: "running"; progress: TBatchProgress }
  | { phase: "done"; results: TFileResult[]; elapsedMs: number; finishedAt: string }
  | { phase: "error"; message: string; fallback: boolean };

const PROGRESS_MS = 100;
const fromFolder = (file: File) => /\.(pdf|zip)$/i.test(file.name);

/**
 * Bulk verification on the committee's computer (the default): files, a folder or ZIPs are read and
 * judged here by the browser engine; only serials and hashes go to the registry. When this browser
 * cannot (no workers or WebCrypto) or the engine fails to start, it says so and opens the server
 * upload (`fallback`, rendered by the page) instead.
 */
export function BrowserBulk({ t, locale, limits, tooManyText, limitsText, fallback }: { t: TVerifyLabels; locale: TLocale; limits: TBatchLimits; tooManyText: string; limitsText: string; fallback: React.ReactNode }) {
  const [capable, setCapable] = useState<boolean | null>(null);
  const [state, setState] = useState<TState>({ phase: "idle" });
  const [filter, setFilter] = useState<string>("");
  const abort = useRef<AbortController | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void import("@/lib/verification/browser/verify-files").then((engine) => setCapable(engine.canVerifyInBrowser()), () => setCapable(false));
  }, []);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const files = [...(filesInput.current?.files ?? []), ...[...(folderInput.current?.files ?? [])].filter(fromFolder)];
    if (files.length === 0) {
      setState({ phase: "error", message: t.bulkNothingPicked, fallback: false });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    const started = performance.now();
    setFilter("");
    setState({ phase: "running", progress: { done: 0, total: files.length, counts: {} } });
    try {
      const { verifyBatchInBrowser, BatchRefused } = await import("@/lib/verification/browser/verify-batch");
      const { BrowserEngineUnavailable } = await import("@/lib/verification/browser/verify-files");
      // The bar and counts redraw at most every PROGRESS_MS: a render per file took main-thread time from the
      // workers on a two-core machine; the last count is shown by the "done" state.
      let shown = 0;
      const onProgress = (progress: TBatchProgress) => {
        const now = performance.now();
        if (now - shown < PROGRESS_MS && progress.done < progress.total) return;
        shown = now;
        setState({ phase: "running", progress });
      };
      try {
        const results = await verifyBatchInBrowser(files, { limits, signal: controller.signal, onProgress });
        setState({ phase: "done", results, elapsedMs: Math.round(performance.now() - started), finishedAt: new Date().toISOString() });
      } catch (error) {
        if (controller.signal.aborted) setState({ phase: "error", message: t.bulkCancelled, fallback: false });
        else if (error instanceof BatchRefused) setState({ phase: "error", message: tooManyText, fallback: false });
        else if (error instanceof BrowserEngineUnavailable) setState({ phase: "error", message: t.bulkLocalFailed, fallback: true });
        else throw error;
      }
    } catch (error) {
      console.error("[verify] browser bulk verification failed", error);
      setState({ phase: "error", message: t.bulkLocalFailed, fallback: true });
    } finally {
      abort.current = null;
    }
  }

  const results = state.phase === "done" ? state.results : null;
  const shared = useMemo(() => (results ? serialsInSeveralFiles(results) : new Map<string, string[]>()), [results]);
  const counts = useMemo(() => {
    if (state.phase === "running") return state.progress.counts;
    const tally: Partial<Record<TVerdict, number>> = {};
    for (const r of results ?? []) tally[r.verdict] = (tally[r.verdict] ?? 0) + 1;
    return tally;
  }, [state, results]);
  const rows = useMemo(() => {
    const list = results ? (filter ? results.filter((r) => r.verdict === filter) : results) : [];
    return [...list].sort((a, b) => naturalOrder.compare(a.file, b.file));
  }, [results, filter]);
  const zipNotices = useMemo(() => {
    const codes = new Set((results ?? []).map((r) => r.reason.code));
    return [
      ...(codes.has("ZIP_BOMB_RATIO") || codes.has("ZIP_BOMB_SIZE") ? [t.bulkZipBomb] : []),
      ...(["ZIP_PATH_TRAVERSAL", "ZIP_NESTED_ARCHIVE", "ZIP_ENCRYPTED_ENTRY", "ZIP_NOT_PDF", "ZIP_ENTRY_UNREADABLE"].some((c) => codes.has(c)) ? [t.bulkZipUnsafe] : []),
      ...(codes.has("ZIP_UNREADABLE") ? [t.bulkZipUnreadable] : []),
    ];
  }, [results, t]);
  const registryMissed = (results ?? []).some((r) => r.stamps.length > 0 && !r.registryConsulted);

  function download(format: "csv" | "json") {
    if (state.phase !== "done") return;
    const summary = Object.fromEntries(VERDICTS.filter((v) => counts[v]).map((v) => [v, counts[v]]));
    const body =
      format === "csv"
        ? resultsToCsv(state.results, locale)
        : resultsToJson({ id: null, createdAt: state.finishedAt, source: "BROWSER", status: "DONE", fileCount: state.results.length, doneCount: state.results.length, summary }, state.results);
    const url = URL.createObjectURL(new Blob([body], { type: format === "csv" ? "text/csv;charset=utf-8" : "application/json;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `verifikasi-${state.finishedAt.slice(0, 10)}-komputer-ini.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const running = state.phase === "running";
  const progress = state.phase === "running" ? state.progress : results ? { done: results.length, total: results.length } : null;
  const showFallback = capable === false || (state.phase === "error" && state.fallback);

  return (
    <div className="space-y-6">
      <section className="card space-y-3" aria-labelledby="local-title">
        <h2 id="local-title" className="text-lg font-semibold">{t.bulkLocalTitle}</h2>
        <p className="alert-ok" data-testid="files-stay-here">{t.bulkLocalNote}</p>
        {capable === false && <p className="alert-error" role="alert">{t.bulkLocalUnavailable}</p>}
        <form onSubmit={onSubmit} className="space-y-3" aria-describedby="local-limits">
          <div>
            <label htmlFor="local-files" className="label">{t.bulkPickFiles}</label>
            <input id="local-files" ref={filesInput} type="file" multiple accept="application/pdf,.pdf,application/zip,.zip" className="field w-full" disabled={running || capable === false} />
          </div>
          <div>
            <label htmlFor="local-folder" className="label">{t.bulkPickFolder}</label>
            <input id="local-folder" ref={folderInput} type="file" multiple {...{ webkitdirectory: "", directory: "" }} className="field w-full" disabled={running || capable === false} />
          </div>
          <p id="local-limits" className="text-sm text-slate-600">{limitsText} {t.bulkPickHint}</p>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className="btn" disabled={running || capable !== true} aria-busy={running}>{t.bulkLocalStart}</button>
            {running && <button type="button" className="btn btn-secondary" onClick={() => abort.current?.abort()}>{t.bulkCancel}</button>}
          </div>
        </form>
        <div role="status" aria-live="polite" data-testid="local-progress" data-phase={state.phase} data-done={progress?.done ?? 0} data-total={progress?.total ?? 0} data-elapsed-ms={state.phase === "done" ? state.elapsedMs : undefined}>
          {progress && (
            <div className="space-y-2">
              <label htmlFor="local-progress-bar" className="label">
                {t.progressLabel}: {progress.done}/{progress.total} — {running ? t.processing : t.done}
              </label>
              <progress id="local-progress-bar" max={Math.max(1, progress.total)} value={progress.done} className="w-full" />
              <ul aria-label={t.counts} className="flex flex-wrap gap-2 text-sm">
                {VERDICTS.filter((v) => counts[v]).map((v) => (
                  <li key={v} className={`rounded px-2 py-0.5 ${VERDICT_TONE[v]}`} data-verdict-count={v}>
                    {t.verdicts[v].label}: <strong>{counts[v]}</strong>
                  </li>
                ))}
              </ul>
              {state.phase === "done" && <p className="text-sm">{t.bulkCheckedHere}</p>}
            </div>
          )}
          {state.phase === "error" && <p className="alert-error">{state.message}</p>}
        </div>
      </section>

      {results && (
        <section className="space-y-4" aria-labelledby="local-results-title" data-testid="local-results">
          <h2 id="local-results-title" className="text-lg font-semibold">{t.resultsTitle}</h2>
          {registryMissed && <p className="alert-error">{t.registryOffline}</p>}
          {zipNotices.length > 0 && (
            <section className="alert-error space-y-1" aria-labelledby="zip-refused" data-testid="zip-refused">
              <h3 id="zip-refused" className="font-semibold">{t.bulkZipRefusedTitle}</h3>
              {zipNotices.map((notice) => <p key={notice}>{notice}</p>)}
            </section>
          )}
          {shared.size > 0 && (
            <section className="alert-error space-y-1" aria-labelledby="local-same-serial" data-testid="same-serial">
              <h3 id="local-same-serial" className="font-semibold">{t.sameSerialTitle}</h3>
              <p>{t.sameSerialBody}</p>
              <ul className="font-mono text-sm break-all">
                {[...shared].map(([serial, files]) => <li key={serial}>{serial}: {files.join(", ")}</li>)}
              </ul>
            </section>
          )}
          <div className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="local-filter" className="label">{t.filterLabel}</label>
              <select id="local-filter" className="field" value={filter} onChange={(e) => setFilter(e.target.value)}>
                <option value="">{t.all} ({results.length})</option>
                {VERDICTS.filter((v) => counts[v]).map((v) => <option key={v} value={v}>{t.verdicts[v].label} ({counts[v]})</option>)}
              </select>
            </div>
            <button type="button" className="btn btn-secondary" onClick={() => download("csv")}>{t.exportCsv}</button>
            <button type="button" className="btn btn-secondary" onClick={() => download("json")}>{t.exportJson}</button>
          </div>
          {/* Focusable so that a keyboard can scroll the table sideways on a phone. */}
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-labelledby="local-results-title">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t.file}</th>
                  <th scope="col">{t.verdict}</th>
                  <th scope="col">{t.reason}</th>
                  <th scope="col">{t.serial}</th>
                  <th scope="col">{t.size}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <FileResultRow key={`${r.file}-${i}`} result={r} t={t} locale={locale} serialInOtherFiles={r.stamps.some((s) => s.serial !== null && shared.has(s.serial))} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <details className="card" open={showFallback || undefined} data-testid="server-fallback">
        <summary className="cursor-pointer text-lg font-semibold">{t.bulkServerTitle}</summary>
        <p className="my-2 text-sm">{t.bulkServerNote}</p>
        {fallback}
      </details>
    </div>
  );
}
