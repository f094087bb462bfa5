import { createHash } from "node:crypto";
import { z } from "zod";

// Placements are in PDF points from the bottom-left of the page as displayed (the API's contract).
export const ZPlacement = z
  .object({
    page: z.number().int().min(1).max(100_000),
    x: z.number().finite().min(0).max(14_400),
    y: z.number().finite().min(0).max(14_400),
    width: z.number().finite().min(40).max(400).optional().describe("Stamp width in points (it is square); 100 when left out."),
  })
  .describe("Lower-left corner of the stamp in PDF points from the bottom-left of the page as displayed.");
export type TPlacement = z.infer<typeof ZPlacement>;

export const MAX_PLACEMENTS = 20;

export const ZPlacements = z.array(ZPlacement).min(1).max(MAX_PLACEMENTS);

/** POST /api/v1/affix/preflight's answer (lib/stamps/preflight-document.ts). */
export const ZPreflight = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    pageCount: z.number().int(),
    pdfVersion: z.string(),
    sizeBytes: z.number().int(),
    pages: z.array(z.object({ width: z.number(), height: z.number() })).describe("The first pages' sizes in points (at most 2000)."),
    signatureCount: z.number().int().describe("Existing signatures; they stay valid after stamping."),
    signedFields: z.array(z.string()),
    needsRepair: z.boolean().describe("The file is damaged and will be rewritten before stamping."),
    projectedSizes: z.array(z.number().int()).describe("Projected output size in bytes for 1 to 5 stamps."),
    uploadId: z.string().optional().describe("The checked file, held for 30 minutes: send it as the affix request's uploadId field instead of the file. Only for its uploader."),
    uploadExpiresAt: z.iso.datetime().optional().describe("Until when uploadId can be used."),
  }),
  z.object({
    ok: z.literal(false),
    problem: z.string().describe("NOT_PDF, EMPTY, ENCRYPTED, DAMAGED, DAMAGED_SIGNED, TOO_MANY_PAGES, …"),
    message: z.object({ id: z.string(), en: z.string() }),
  }),
]);
export type TPreflight = z.infer<typeof ZPreflight>;

/** The serials an affix job issued, in placement order (stored as JSON text in AffixJob.serials). */
export const ZSerials = z.array(z.string());

export const ZDocumentDetails = z.object({
  documentType: z.string().trim().min(1).max(100),
  documentNumber: z.string().trim().min(1).max(100),
  documentDate: z.iso.date(),
});
export type TDocumentDetails = z.infer<typeof ZDocumentDetails>;

/**
 * The fingerprint of a request: the same key with another file or other placements is a different
 * request. Built on the input's SHA-256 so the file is hashed once per request.
 */
export function requestFingerprint(inputSha256: string, placements: TPlacement[], details: TDocumentDetails): string {
  return createHash("sha256")
    .update(inputSha256)
    .update(JSON.stringify({ placements: placements.map((p) => [p.page, p.x, p.y, p.width ?? null]), details }))
    .digest("hex");
}
