"use client";
import { useEffect, useMemo, useState } from "react";
import type { TLocale } from "@/lib/i18n/define-messages";
import { serialsInSeveralFiles } from "@/lib/verification/export-results";
import type { TBatchView } from "@/lib/verification/verification-batches";
import { type TVerdict, VERDICTS } from "@/lib/verification/verdicts";
import type { TVerifyLabels } from "../../labels";
import { FileResultRow } from "../../file-result-row";
import { naturalOrder } from "../../verdict-tone";

type TSortKey = "file" | "verdict" | "sizeBytes";


/** Live progress while the batch runs (polls its status), then a filterable, sortable table with CSV/JSON export. */
export function BatchResults({ initial, t, locale }: { initial: TBatchView; t: TVerifyLabels; locale: TLocale }) {
  const [batch, setBatch] = useState(initial);
  const [filter, setFilter] = useState<TVerdict | "">("");
  const [sort, setSort] = useState<{ key: TSortKey; descending: boolean }>({ key: "file", descending: false });
  const running = batch.status === "RUNNING";

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const tick = async () => {
      try {
        const progress = await fetch(`/api/v1/verify/batches/${batch.id}?results=0`, { cache: "no-store" }).then((r) => r.json());
        if (stopped) return;
        if (progress.status !== "RUNNING") {
          const full = await fetch(`/api/v1/verify/batches/${batch.id}`, { cache: "no-store" }).then((r) => r.json());
          if (!stopped) setBatch(full);
          return;
        }
        setBatch((b) => ({ ...b, doneCount: progress.doneCount }));
      } catch {
        // try again on the next tick
      }
      if (!stopped) setTimeout(tick, 700);
    };
    const timer = setTimeout(tick, 300);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [running, batch.id]);

  const rows = useMemo(() => {
    const filtered = filter ? batch.results.filter((r) => r.verdict === filter) : batch.results;
    const sorted = [...filtered].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      return typeof x === "number" && typeof y === "number" ? x - y : naturalOrder.compare(String(x), String(y));
    });
    return sort.descending ? sorted.reverse() : sorted;
  }, [batch.results, filter, sort]);

  // A serial in several files: the same stamp submitted more than once, a sign of copying for a committee.
  const filesBySerial = useMemo(() => new Map([...serialsInSeveralFiles(batch.results)].map(([serial, files]) => [serial, files.length])), [batch.results]);

  const percent = batch.fileCount ? Math.round((batch.doneCount / batch.fileCount) * 100) : 100;
  const header = (key: TSortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : "none"}>
      <button type="button" className="font-semibold underline" onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))}>
        {label}{sort.key === key ? (sort.descending ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );

  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite">
        <label htmlFor="batch-progress" className="label">
          {t.progressLabel}: {batch.doneCount}/{batch.fileCount} — {running ? t.processing : batch.status === "DONE" ? t.done : t.failed}
        </label>
        <progress id="batch-progress" max={100} value={percent} className="w-full" />
      </div>
      {!running && filesBySerial.size > 0 && (
        <section className="alert-error space-y-1" aria-labelledby="same-serial" data-testid="same-serial">
          <h2 id="same-serial" className="font-semibold">{t.sameSerialTitle}</h2>
          <p>{t.sameSerialBody}</p>
          <ul className="font-mono text-sm">
            {[...filesBySerial].map(([serial, count]) => <li key={serial}>{serial}: {count} {t.files.toLowerCase()}</li>)}
          </ul>
        </section>
      )}
      {!running && (
        <>
          <div className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="verdict-filter" className="label">{t.filterLabel}</label>
              <select id="verdict-filter" className="field" value={filter} onChange={(e) => setFilter(VERDICTS.find((v) => v === e.target.value) ?? "")}>
                <option value="">{t.all} ({batch.results.length})</option>
                {VERDICTS.filter((v) => batch.summary[v]).map((v) => (
                  <option key={v} value={v}>{t.verdicts[v].label} ({batch.summary[v]})</option>
                ))}
              </select>
            </div>
            <a className="btn btn-secondary" href={`/api/v1/verify/batches/${batch.id}/export?format=csv`} download>{t.exportCsv}</a>
            <a className="btn btn-secondary" href={`/api/v1/verify/batches/${batch.id}/export?format=json`} download>{t.exportJson}</a>
          </div>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  {header("file", t.file)}
                  {header("verdict", t.verdict)}
                  <th scope="col">{t.reason}</th>
                  <th scope="col">{t.serial}</th>
                  {header("sizeBytes", t.size)}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <FileResultRow key={`${r.file}-${i}`} result={r} t={t} locale={locale} serialInOtherFiles={r.stamps.some((s) => s.serial !== null && filesBySerial.has(s.serial))} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
