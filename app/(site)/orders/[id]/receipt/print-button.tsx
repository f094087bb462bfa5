"use client";

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn" data-print-hidden onClick={() => window.print()}>
      {label}
    </button>
  );
}
