import { createHash } from "node:crypto";
import { z } from "zod";

// Placements are in PDF points from the bottom-left of the page as displayed (the API's contract).
export const ZPlacement = z.object({
  page: z.number().int().min(1).max(100_000),
  x: z.number().finite().min(0).max(14_400),
  y: z.number().finite().min(0).max(14_400),
  width: z.number().finite().min(40).max(400).optional(),
});
export type TPlacement = z.infer<typeof ZPlacement>;

export const MAX_PLACEMENTS = 20;

export const ZPlacements = z.array(ZPlacement).min(1).max(MAX_PLACEMENTS);

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
