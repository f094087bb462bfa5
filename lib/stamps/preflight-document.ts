import "server-only";
import { env } from "@/lib/env";
import type { InspectResult } from "@/lib/pdf/inspect-pdf";
import { isPdfError, pdfErrorMessages } from "@/lib/pdf/pdf-error";
import { estimateStampedSize } from "@/lib/pdf/stamp-pdf";
import { affixErrors } from "./affix-errors";
import type { TPreflight } from "./affix-request";
import { pdfPool } from "./pdf-pool";

export type { TPreflight } from "./affix-request";

/** What the applicant should know before stamping: pages, version, size, signatures, problems, projected size. */
export async function preflightDocument(pdf: Uint8Array, owner = ""): Promise<TPreflight> {
  if (pdf.byteLength > env().uploadMaxBytes) throw affixErrors.tooLarge(env().uploadMaxBytes);
  let inspected: InspectResult;
  try {
    inspected = await (await pdfPool()).inspect(new Uint8Array(pdf), { owner });
  } catch (error) {
    // Past the time or memory a file may take in a worker: a refusal like any other, never a 500.
    if (!isPdfError(error)) throw error;
    const message = pdfErrorMessages[error.code];
    return { ok: false, problem: error.code, message: { id: message.id, en: message.en } };
  }
  if (!inspected.ok) {
    const message = pdfErrorMessages[inspected.problem] ?? pdfErrorMessages.DAMAGED;
    return { ok: false, problem: inspected.problem, message: { id: message.id, en: message.en } };
  }
  const signed = inspected.signatures.filter((s) => s.byteRange);
  if (inspected.needsRepair && signed.length > 0) {
    const message = pdfErrorMessages.DAMAGED_SIGNED;
    return { ok: false, problem: "DAMAGED_SIGNED", message: { id: message.id, en: message.en } };
  }
  return {
    ok: true,
    pageCount: inspected.pageCount,
    pdfVersion: inspected.pdfVersion,
    sizeBytes: inspected.sizeBytes,
    // Only the first pages' sizes: enough for placement, bounded for a 5000-page file.
    pages: inspected.pages.slice(0, 2000).map((p) => ({ width: Math.round(p.width * 100) / 100, height: Math.round(p.height * 100) / 100 })),
    signatureCount: signed.length,
    signedFields: signed.map((s) => s.fieldName).slice(0, 20),
    needsRepair: inspected.needsRepair,
    projectedSizes: [1, 2, 3, 4, 5].map((stampCount) =>
      // A repaired file is rewritten first, so its size is only known after stamping: estimate from the input.
      estimateStampedSize({ sizeBytes: inspected.sizeBytes, stampCount, hasXrefStream: inspected.hasXrefStream }),
    ),
  };
}
