import type { TLocale } from "@/lib/i18n/define-messages";
import { describeReason } from "./describe-reason";
import type { TFileResult } from "./file-result";

/**
 * CSV (RFC 4180, with a BOM so spreadsheet programs read UTF-8) of one row per file. Column names and
 * codes stay the same in every language (programs read them); the reason column is in the reader's.
 */
export function resultsToCsv(results: TFileResult[], locale: TLocale = "en"): string {
  const header = ["file", "verdict", "reason_code", "reason", "sha256", "size_bytes", "serials", "stamp_verdicts", "signed_at", "pages", "registry_consulted", "serials_in_other_files"];
  const shared = serialsInSeveralFiles(results);
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
    [...new Set(r.stamps.map((s) => s.serial).filter((s): s is string => !!s && shared.has(s)))].join(" "),
  ]);
  return "\uFEFF" + [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Serials found in more than one file of the batch, with those files: one stamp is valid for one
 * document, so for a committee this is a sign of copying. Flagged on the pages, in the CSV
 * (serials_in_other_files) and in the JSON (serialsInSeveralFiles), server batches and browser batches alike.
 */
export function serialsInSeveralFiles(results: TFileResult[]): Map<string, string[]> {
  const files = new Map<string, Set<string>>();
  results.forEach((r, index) => {
    for (const s of r.stamps) if (s.serial) files.set(s.serial, (files.get(s.serial) ?? new Set()).add(`${index}\u0000${r.file}`));
  });
  return new Map([...files].filter(([, names]) => names.size > 1).map(([serial, names]) => [serial, [...names].map((n) => n.slice(n.indexOf("\u0000") + 1))]));
}

/** The JSON export: the batch's summary fields, one result per file (the API's shape), and the serials found in several files. */
export function resultsToJson(batch: Record<string, unknown>, results: TFileResult[]): string {
  return JSON.stringify({ batch, results, serialsInSeveralFiles: Object.fromEntries(serialsInSeveralFiles(results)) }, null, 2);
}

function csvCell(value: string): string {
  // A leading = + - @ would be run as a formula by spreadsheet programs (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
