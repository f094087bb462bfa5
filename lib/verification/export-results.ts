import type { TLocale } from "@/lib/i18n/define-messages";
import { describeReason } from "./describe-reason";
import type { TFileResult } from "./file-result";

/**
 * CSV (RFC 4180, with a BOM so spreadsheet programs read UTF-8) of one row per file. Column names and
 * codes stay the same in every language (programs read them); the reason column is in the reader's.
 */
export function resultsToCsv(results: TFileResult[], locale: TLocale = "en"): string {
  const header = ["file", "verdict", "reason_code", "reason", "sha256", "size_bytes", "serials", "stamp_verdicts", "signed_at", "pages", "registry_consulted"];
  const rows = results.map((r) => [
    r.file,
    r.verdict,
    r.reason.code,
    describeReason(r.reason, locale),
    r.sha256,
    String(r.sizeBytes),
    r.stamps.map((s) => s.serial ?? "").join(" "),
    r.stamps.map((s) => s.verdict).join(" "),
    r.stamps.map((s) => s.signedAt ?? "").join(" "),
    r.stamps.map((s) => s.page ?? "").join(" "),
    r.registryConsulted ? "yes" : "no",
  ]);
  return "\uFEFF" + [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  // A leading = + - @ would be run as a formula by spreadsheet programs (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
