"use client";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { TAffixMessages } from "@/lib/i18n/messages/affix";
import { PagePreview } from "./page-preview";
import { jsonOf, postForm, type TXhrResult } from "./xhr";

type TPreflight =
  | { ok: true; pageCount: number; pdfVersion: string; sizeBytes: number; pages: { width: number; height: number }[]; signatureCount: number; signedFields: string[]; needsRepair: boolean; projectedSizes: number[]; uploadId?: string }
  | { ok: false; problem: string; message: { id: string; en: string } };
type TPlacement = { page: number; x: number; y: number; width: number };
type TApiError = { error: { code: string; message: string; messageId: string } };
/** `at`: which button started it, so that its progress and its error are shown beside that button. */
type TStep = "upload" | "submit";
type TStatus =
  | { kind: "idle" }
  | { kind: "busy"; at: TStep; label: string; progress: number | null }
  | { kind: "error"; at: TStep; message: string; retryable: boolean; noQuota?: boolean }
  | { kind: "done"; url: string; fileName: string; serials: string[] };

const STAMP_SIZE = 100;
const MARGIN = 36;
const PRESETS = ["bottomRight", "bottomLeft", "topRight", "topLeft", "center"] as const;

function presetPosition(preset: (typeof PRESETS)[number], page: { width: number; height: number }) {
  const right = page.width - STAMP_SIZE - MARGIN;
  const top = page.height - STAMP_SIZE - MARGIN;
  const positions = {
    bottomRight: { x: right, y: MARGIN },
    bottomLeft: { x: MARGIN, y: MARGIN },
    topRight: { x: right, y: top },
    topLeft: { x: MARGIN, y: top },
    center: { x: (page.width - STAMP_SIZE) / 2, y: (page.height - STAMP_SIZE) / 2 },
  };
  const p = positions[preset];
  return { x: Math.max(0, Math.round(p.x)), y: Math.max(0, Math.round(p.y)) };
}

function errorCode(response: TXhrResult): string | undefined {
  try {
    return jsonOf<TApiError>(response).error?.code;
  } catch {
    return undefined;
  }
}

function formatKb(bytes: number) {
  return `${(bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 0 })} KB`;
}

export function AffixWizard({ t, locale, maxUploadBytes, available }: { t: TAffixMessages; locale: "id" | "en"; maxUploadBytes: number; available: number }) {
  const [file, setFile] = useState<File | null>(null);
  const [preflight, setPreflight] = useState<TPreflight | null>(null);
  const [status, setStatus] = useState<TStatus>({ kind: "idle" });
  const [limitKb, setLimitKb] = useState(1024);
  const [pageNumber, setPageNumber] = useState(1);
  const [box, setBox] = useState({ x: 0, y: 0 });
  const [placements, setPlacements] = useState<TPlacement[]>([]);
  const [details, setDetails] = useState({ documentType: t.typeStatement, documentNumber: "", documentDate: new Date().toISOString().slice(0, 10) });
  const [dragOver, setDragOver] = useState(false);
  // One key per confirmed request, kept for retries: the server then answers a retry with the same result.
  const idempotencyKey = useRef<string | null>(null);
  const router = useRouter();
  // Feedback goes where the eyes are (issue 18): a new error takes the focus (GOV.UK error summary),
  // progress and the result are scrolled into view, on a phone as on a desktop.
  const feedback = useRef<HTMLDivElement>(null);
  const doneCard = useRef<HTMLElement>(null);
  const statusKey = status.kind === "busy" ? `busy-${status.at}` : status.kind;
  useEffect(() => {
    if (statusKey === "error") {
      feedback.current?.focus({ preventScroll: true });
      feedback.current?.scrollIntoView({ block: "center" });
    } else if (statusKey.startsWith("busy")) {
      feedback.current?.scrollIntoView({ block: "nearest" });
    } else if (statusKey === "done") {
      doneCard.current?.scrollIntoView({ block: "start" });
      doneCard.current?.focus({ preventScroll: true });
    }
  }, [statusKey]);

  const pageSize = preflight?.ok ? preflight.pages[pageNumber - 1] ?? preflight.pages[0] : null;
  // Nothing added yet: the box where it stands is the one stamp (moving it alone is a choice of place too).
  const toStamp: TPlacement[] = placements.length > 0 ? placements : pageSize ? [{ page: pageNumber, x: box.x, y: box.y, width: STAMP_SIZE }] : [];
  const projected = preflight?.ok ? preflight.projectedSizes[Math.min(Math.max(toStamp.length, 1), 5) - 1] + Math.max(0, toStamp.length - 5) * (preflight.projectedSizes[1] - preflight.projectedSizes[0]) : 0;
  const fits = projected <= limitKb * 1024;
  const busy = status.kind === "busy";

  async function choose(selected: File | undefined) {
    if (!selected) return;
    setFile(selected);
    setPreflight(null);
    setPlacements([]);
    idempotencyKey.current = null;
    if (selected.size > maxUploadBytes) {
      setStatus({ kind: "error", at: "upload", message: locale === "id" ? `Berkas lebih besar dari ${Math.round(maxUploadBytes / 1048576)} MB.` : `The file is larger than ${Math.round(maxUploadBytes / 1048576)} MB.`, retryable: false });
      return;
    }
    const form = new FormData();
    form.append("file", selected);
    setStatus({ kind: "busy", at: "upload", label: t.uploading, progress: 0 });
    try {
      const response = await postForm("/api/v1/affix/preflight", form, {
        onUploadProgress: (p) => setStatus({ kind: "busy", at: "upload", label: p < 1 ? t.uploading : t.checking, progress: p < 1 ? p : null }),
      });
      if (response.status !== 200) {
        const body = jsonOf<TApiError>(response);
        setStatus({ kind: "error", at: "upload", message: locale === "id" ? body.error.messageId : body.error.message, retryable: false });
        return;
      }
      const result = jsonOf<TPreflight>(response);
      setPreflight(result);
      if (result.ok) {
        setPageNumber(1);
        setBox(presetPosition("bottomRight", result.pages[0]));
      }
      setStatus({ kind: "idle" });
    } catch {
      setStatus({ kind: "error", at: "upload", message: t.networkError, retryable: false });
    }
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragOver(false);
    void choose(event.dataTransfer.files[0]);
  }

  function addPlacement() {
    setPlacements((list) => [...list, { page: pageNumber, x: box.x, y: box.y, width: STAMP_SIZE }]);
    idempotencyKey.current = null;
  }

  async function submit() {
    if (!file || toStamp.length === 0) return;
    idempotencyKey.current ??= crypto.randomUUID();
    const key = idempotencyKey.current;
    // The file was uploaded once already, for the check: name it instead of sending it again (issue 18 item 4).
    // Should the server no longer hold it, the file itself goes, with the same key.
    const send = (held: string | undefined) => {
      const form = new FormData();
      if (held) form.append("uploadId", held);
      else form.append("file", file);
      form.append("placements", JSON.stringify(toStamp));
      form.append("documentType", details.documentType);
      form.append("documentNumber", details.documentNumber);
      form.append("documentDate", details.documentDate);
      return postForm("/api/v1/affix", form, {
        headers: { "Idempotency-Key": key },
        onUploadProgress: (p) => setStatus({ kind: "busy", at: "submit", label: t.stamping, progress: p < 1 ? p : null }),
      });
    };
    setStatus({ kind: "busy", at: "submit", label: t.stamping, progress: 0 });
    try {
      const held = preflight?.ok ? preflight.uploadId : undefined;
      let response = await send(held);
      if (held && response.status === 404 && errorCode(response) === "UPLOAD_NOT_FOUND") response = await send(undefined);
      if (response.status === 200) {
        const blob = new Blob([response.body], { type: "application/pdf" });
        const disposition = response.headers("content-disposition") ?? "";
        const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "dokumen-bermeterai.pdf";
        setStatus({ kind: "done", url: URL.createObjectURL(blob), fileName, serials: (response.headers("x-meterai-serials") ?? "").split(",").filter(Boolean) });
        router.refresh(); // the balance shown above the wizard
        return;
      }
      const body = jsonOf<TApiError>(response);
      const retryable = response.status === 409 && body.error.code === "AFFIX_IN_PROGRESS";
      setStatus({ kind: "error", at: "submit", message: locale === "id" ? body.error.messageId : body.error.message, retryable, noQuota: response.status === 402 });
    } catch {
      setStatus({ kind: "error", at: "submit", message: t.networkError, retryable: true });
    }
  }

  const presetLabels = useMemo(
    () => ({ bottomRight: t.presetBottomRight, bottomLeft: t.presetBottomLeft, topRight: t.presetTopRight, topLeft: t.presetTopLeft, center: t.presetCenter }),
    [t],
  );

  /** Progress or the error of the step that `at` names, shown right below that step's control. */
  function feedbackAt(at: TStep) {
    const here = (status.kind === "busy" || status.kind === "error") && status.at === at;
    return (
      <div role="status" aria-live="polite" data-testid={`feedback-${at}`}>
        {here && status.kind === "busy" && (
          // Sticky: whatever moves on the page while it runs (the preview finishing), the progress stays on screen.
          <div ref={feedback} className="sticky bottom-0 z-10 space-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-md">
            <p>{status.label}</p>
            <progress className="w-full" max={1} value={status.progress ?? undefined} aria-label={status.label} />
          </div>
        )}
        {here && status.kind === "error" && (
          <div ref={feedback} tabIndex={-1} className="alert-error space-y-2" role="alert" aria-labelledby={`error-title-${at}`}>
            <h3 id={`error-title-${at}`} className="font-semibold">{t.errorTitle}</h3>
            <p>{status.message}</p>
            {status.noQuota && <p><Link href="/buy" className="font-semibold underline">{t.buyMore}</Link></p>}
            {status.retryable && <button type="button" className="btn" onClick={() => void submit()}>{t.retry}</button>}
          </div>
        )}
      </div>
    );
  }

  if (status.kind === "done") {
    return (
      <section ref={doneCard} tabIndex={-1} className="card space-y-3 scroll-mt-4" aria-live="polite" aria-labelledby="affix-done">
        <p className="alert-ok" id="affix-done">{t.done}</p>
        <p>
          {t.serials}: {status.serials.map((s) => <code key={s} data-testid="serial" className="mr-2 font-mono">{s}</code>)}
        </p>
        <a href={status.url} download={status.fileName} className="btn">{t.download}</a>{" "}
        <button
          type="button"
          className="btn-secondary"
          onClick={async () => {
            // Leaving frees this place in the waiting room (when it is on) for the next person in line.
            await fetch("/api/v1/queue/leave?area=affix", { method: "POST" }).catch(() => undefined);
            router.push("/affix/history");
          }}
        >
          {t.finish}
        </button>{" "}
        <button type="button" className="btn-secondary" onClick={() => { setFile(null); setPreflight(null); setPlacements([]); setStatus({ kind: "idle" }); idempotencyKey.current = null; }}>
          {t.startOver}
        </button>
      </section>
    );
  }

  return (
    <div className="space-y-6">
      <section className="card space-y-3" aria-labelledby="step-upload">
        <h2 id="step-upload" className="text-lg font-semibold">{t.stepUpload}</h2>
        <label
          onDragOver={(e) => { e.preventDefault(); setDragOver(true); }}
          onDragLeave={() => setDragOver(false)}
          onDrop={onDrop}
          className={`block cursor-pointer rounded-lg border-2 border-dashed p-6 text-center ${dragOver ? "border-brand-700 bg-brand-50" : "border-slate-400"}`}
        >
          <span>{t.dropHere} </span>
          <span className="font-semibold text-brand-700 underline">{t.chooseFile}</span>
          <input type="file" accept="application/pdf,.pdf" className="sr-only" aria-label={t.fileLabel} onChange={(e) => void choose(e.target.files?.[0])} disabled={busy} />
          {file && <span className="mt-2 block text-sm text-slate-700">{file.name} ({formatKb(file.size)})</span>}
        </label>
        {feedbackAt("upload")}
        {preflight && !preflight.ok && (
          <div className="alert-error" data-testid="preflight-problem">
            <p className="font-semibold">{t.problemTitle}</p>
            <p>{locale === "id" ? preflight.message.id : preflight.message.en}</p>
          </div>
        )}
        {preflight?.ok && (
          <div className="space-y-3" data-testid="preflight-summary">
            <h3 className="font-semibold">{t.summaryTitle}</h3>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
              <dt className="text-slate-600">{t.pages}</dt><dd>{preflight.pageCount}</dd>
              <dt className="text-slate-600">{t.version}</dt><dd>{preflight.pdfVersion}</dd>
              <dt className="text-slate-600">{t.size}</dt><dd>{formatKb(preflight.sizeBytes)}</dd>
              <dt className="text-slate-600">{t.signatures}</dt><dd>{preflight.signatureCount || t.none}</dd>
            </dl>
            {preflight.signatureCount > 0 && <p className="text-sm">{t.signaturesKept}</p>}
            {preflight.needsRepair && <p className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-900">{t.repairNotice}</p>}
            <div className="grid gap-2 sm:grid-cols-2">
              <div>
                <label htmlFor="size-limit" className="label">{t.sizeLimit}</label>
                <input id="size-limit" type="number" min={50} max={102400} className="field" value={limitKb} onChange={(e) => setLimitKb(Number(e.target.value) || 1024)} aria-describedby="size-limit-hint" />
                <p id="size-limit-hint" className="mt-1 text-sm text-slate-600">{t.sizeLimitHint}</p>
              </div>
              <div aria-live="polite">
                <p className="label">{t.projected}</p>
                <p data-testid="projected-size" className="text-lg font-semibold">{formatKb(projected)}</p>
                <p className={fits ? "alert-ok" : "alert-error"}>{fits ? t.fits : t.tooBig}</p>
              </div>
            </div>
          </div>
        )}
      </section>

      {preflight?.ok && pageSize && (
        <section className="card space-y-3" aria-labelledby="step-place">
          <h2 id="step-place" className="text-lg font-semibold">{t.stepPlace}</h2>
          <p className="text-sm text-slate-700">{t.placeHint}</p>
          <div className="flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="page" className="label">{t.page}</label>
              <select id="page" className="field" value={pageNumber} onChange={(e) => { const n = Number(e.target.value); setPageNumber(n); setBox(presetPosition("bottomRight", preflight.pages[n - 1] ?? preflight.pages[0])); }}>
                {Array.from({ length: Math.min(preflight.pageCount, preflight.pages.length) }, (_, i) => <option key={i + 1} value={i + 1}>{i + 1}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="preset" className="label">{t.preset}</label>
              <select id="preset" className="field" defaultValue="bottomRight" onChange={(e) => setBox(presetPosition(e.target.value as (typeof PRESETS)[number], pageSize))}>
                {PRESETS.map((p) => <option key={p} value={p}>{presetLabels[p]}</option>)}
              </select>
            </div>
            <button type="button" className="btn-secondary" onClick={addPlacement}>{t.addPlacement}</button>
          </div>
          {file && (
            <PagePreview file={file} pageNumber={pageNumber} pageSize={pageSize} box={{ ...box, size: STAMP_SIZE }} onMove={setBox} labels={{ loading: t.previewLoading, failed: t.previewFailed, stampBox: t.stampBox }} />
          )}
          <h3 className="font-semibold">{t.placements}</h3>
          {placements.length === 0 ? (
            <p className="text-sm text-slate-700" data-testid="no-placements">{t.noPlacements.replace("{page}", String(pageNumber))}</p>
          ) : (
            <ol className="space-y-1" data-testid="placements">
              {placements.map((p, i) => (
                <li key={i} className="flex items-center gap-2 text-sm">
                  <span>{t.page} {p.page} · x {p.x} · y {p.y}</span>
                  <button type="button" className="text-brand-700 underline" onClick={() => { setPlacements((list) => list.filter((_, j) => j !== i)); idempotencyKey.current = null; }}>
                    {t.remove}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      {preflight?.ok && (
        <section className="card space-y-3" aria-labelledby="step-details">
          <h2 id="step-details" className="text-lg font-semibold">{t.stepDetails}</h2>
          <div className="grid gap-3 sm:grid-cols-3">
            <div>
              <label htmlFor="doc-type" className="label">{t.documentType}</label>
              <select id="doc-type" className="field" value={details.documentType} onChange={(e) => setDetails({ ...details, documentType: e.target.value })}>
                {[t.typeStatement, t.typeApplication, t.typeAgreement, t.typeOther].map((v) => <option key={v}>{v}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="doc-number" className="label">{t.documentNumber}</label>
              <input id="doc-number" className="field" maxLength={100} value={details.documentNumber} onChange={(e) => setDetails({ ...details, documentNumber: e.target.value })} />
            </div>
            <div>
              <label htmlFor="doc-date" className="label">{t.documentDate}</label>
              <input id="doc-date" type="date" className="field" value={details.documentDate} onChange={(e) => setDetails({ ...details, documentDate: e.target.value })} />
            </div>
          </div>
          <p className="text-sm text-slate-700">{t.confirmNote}</p>
          {available === 0 && (
            <p className="text-sm font-semibold text-red-800" data-testid="no-quota-at-button">
              {t.noQuotaAtButton} <Link href="/buy" className="text-brand-700 underline">{t.buyMore}</Link>
            </p>
          )}
          <button type="button" className="btn" disabled={busy || toStamp.length === 0 || !details.documentNumber.trim()} onClick={() => void submit()}>
            {t.confirm} ({toStamp.length})
          </button>
          {feedbackAt("submit")}
        </section>
      )}
    </div>
  );
}
