const TONES: Record<string, string> = {
  PENDING: "bg-amber-100 text-amber-900",
  PAID: "bg-blue-100 text-blue-900",
  CREDITED: "bg-green-100 text-green-900",
  EXPIRED: "bg-slate-200 text-slate-800",
  FAILED: "bg-red-100 text-red-900",
  REFUND_REQUESTED: "bg-purple-100 text-purple-900",
  REFUNDED: "bg-slate-200 text-slate-800",
};

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${TONES[status] ?? "bg-slate-100"}`}>{label}</span>;
}
