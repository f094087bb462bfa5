import type { TLocale } from "@/lib/i18n/define-messages";
import { describeReason } from "@/lib/verification/describe-reason";
import type { TFileResult } from "@/lib/verification/file-result";
import type { TVerifyLabels } from "./labels";
import { VERDICT_TONE } from "./verdict-tone";

/** One file's row in a bulk result table (checked in the browser or on the server): the same cells either way. */
export function FileResultRow({ result: r, t, locale, serialInOtherFiles }: { result: Pick<TFileResult, "file" | "verdict" | "reason" | "stamps" | "sizeBytes">; t: TVerifyLabels; locale: TLocale; serialInOtherFiles: boolean }) {
  return (
    <tr>
      <td className="break-all">{r.file}</td>
      <td data-verdict={r.verdict}>
        <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${VERDICT_TONE[r.verdict]}`}>{t.verdicts[r.verdict].label}</span>
      </td>
      <td className="text-sm">
        <code>{r.reason.code}</code> {describeReason(r.reason, locale)}
        {serialInOtherFiles && <span className="mt-1 block font-semibold text-red-800" data-testid="same-serial-row">⚠ {t.sameSerialRow}</span>}
      </td>
      <td className="font-mono text-xs break-all">{r.stamps.map((s) => s.serial).filter(Boolean).join(" ") || "—"}</td>
      <td>{Math.round(r.sizeBytes / 1024)} KB</td>
    </tr>
  );
}
