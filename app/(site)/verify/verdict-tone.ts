import type { TVerdict } from "@/lib/verification/verdicts";

/** A colour per verdict (with the verdict's words, never colour alone): accept, look closer, refuse. */
export const VERDICT_TONE: Record<TVerdict, string> = {
  VALID: "bg-green-100 text-green-900",
  RESAVED: "bg-amber-100 text-amber-900",
  MODIFIED_AFTER_STAMP: "bg-amber-100 text-amber-900",
  TAMPERED: "bg-red-100 text-red-900",
  COPIED: "bg-red-100 text-red-900",
  UNKNOWN_SERIAL: "bg-red-100 text-red-900",
  REVOKED: "bg-red-100 text-red-900",
  NOT_STAMPED: "bg-slate-200 text-slate-900",
  UNREADABLE: "bg-slate-200 text-slate-900",
};

// "app-2" before "app-10": file names are compared number by number, as people number their files.
export const naturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
