"use client";
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";

type TProps = {
  file: File;
  pageNumber: number;
  /** Page size as displayed, in PDF points. */
  pageSize: { width: number; height: number };
  box: { x: number; y: number; size: number };
  onMove: (position: { x: number; y: number }) => void;
  labels: { loading: string; failed: string; stampBox: string };
};

/**
 * Renders one page with pdf.js and lets the applicant drag the stamp box over it. Coordinates are PDF
 * points from the bottom-left of the displayed page; the canvas counts from the top-left.
 */
export function PagePreview({ file, pageNumber, pageSize, box, onMove, labels }: TProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const drag = useRef<{ dx: number; dy: number } | null>(null);

  useEffect(() => {
    let cancelled = false;
    setState("loading");
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      pdfjs.GlobalWorkerOptions.workerSrc = new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url).toString();
      const data = new Uint8Array(await file.arrayBuffer());
      const doc = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
      const page = await doc.getPage(pageNumber);
      const cssWidth = Math.min(containerRef.current?.clientWidth || 600, 640);
      const s = cssWidth / pageSize.width;
      const viewport = page.getViewport({ scale: s * (window.devicePixelRatio || 1) });
      const canvas = canvasRef.current;
      if (!canvas || cancelled) return;
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      canvas.style.width = `${pageSize.width * s}px`;
      canvas.style.height = `${pageSize.height * s}px`;
      await page.render({ canvas, viewport }).promise;
      await doc.destroy();
      if (!cancelled) {
        setScale(s);
        setState("ready");
      }
    })().catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
    };
  }, [file, pageNumber, pageSize.width, pageSize.height]);

  const clamp = (x: number, y: number) => ({
    x: Math.round(Math.min(Math.max(0, x), pageSize.width - box.size)),
    y: Math.round(Math.min(Math.max(0, y), pageSize.height - box.size)),
  });

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    drag.current = { dx: event.clientX - rect.left, dy: event.clientY - rect.top };
    event.currentTarget.setPointerCapture(event.pointerId);
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!drag.current || !scale) return;
    const page = event.currentTarget.parentElement!.getBoundingClientRect();
    const left = (event.clientX - page.left - drag.current.dx) / scale;
    const top = (event.clientY - page.top - drag.current.dy) / scale;
    onMove(clamp(left, pageSize.height - top - box.size));
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 20 : 5;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    onMove(clamp(box.x + move[0], box.y + move[1]));
  }

  return (
    <div ref={containerRef} className="w-full">
    <div className="relative inline-block max-w-full border border-slate-300 bg-white">
      <canvas ref={canvasRef} aria-hidden="true" className={state === "ready" ? "block" : "hidden"} />
      {state !== "ready" && (
        <p className="p-4 text-sm text-slate-600" role="status">
          {state === "loading" ? labels.loading : labels.failed}
        </p>
      )}
      {state === "ready" && (
        <div
          role="application"
          tabIndex={0}
          aria-label={`${labels.stampBox}: x ${box.x}, y ${box.y}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (drag.current = null)}
          onKeyDown={onKeyDown}
          className="absolute cursor-move touch-none overflow-hidden border-2 border-dashed border-brand-700 bg-brand-100/60"
          style={{ left: box.x * scale, top: (pageSize.height - box.y - box.size) * scale, width: box.size * scale, height: box.size * scale }}
        >
          {/* The label scales with the box: on a phone the box is about 55 px wide and a fixed 10 px label spilled out. */}
          <span className="pointer-events-none block p-0.5 font-bold leading-tight break-words text-brand-800" style={{ fontSize: Math.max(5, Math.min(10, (box.size * scale) / 11)) }} data-testid="stamp-box-label">
            METERAI ELEKTRONIK
          </span>
        </div>
      )}
    </div>
    </div>
  );
}
