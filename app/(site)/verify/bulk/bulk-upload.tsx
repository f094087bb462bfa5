"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TVerifyLabels } from "../labels";

/** Multi-select PDFs or ZIPs, upload with a real progress bar (XHR), then open the batch page that tracks processing. */
export function BulkUpload({ t, limitsText }: { t: TVerifyLabels; limitsText: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.getAll("file").every((f) => !(f instanceof File) || f.size === 0)) return;
    setError(null);
    setProgress(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/verify/batches");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: { batchId?: string; error?: { message: string; messageId: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if (xhr.status === 202 && body.batchId) router.push(`/verify/bulk/${body.batchId}`);
      else {
        setProgress(null);
        setError((document.documentElement.lang === "en" ? body.error?.message : body.error?.messageId) ?? `HTTP ${xhr.status}`);
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("Network error");
    };
    xhr.send(form);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <div>
        <label htmlFor="bulk-files" className="label">{t.bulkFiles}</label>
        <input id="bulk-files" name="file" type="file" multiple accept="application/pdf,.pdf,application/zip,.zip" required className="field" />
        <p className="text-sm text-slate-600">{limitsText}</p>
      </div>
      <button type="submit" className="btn" disabled={progress !== null} aria-busy={progress !== null}>{t.bulkStart}</button>
      <div role="status" aria-live="polite">
        {progress !== null && (
          <div>
            <label htmlFor="upload-progress" className="label">{t.uploading} {progress}%</label>
            <progress id="upload-progress" max={100} value={progress} className="w-full" />
          </div>
        )}
        {error && <p className="alert-error">{error}</p>}
      </div>
    </form>
  );
}
