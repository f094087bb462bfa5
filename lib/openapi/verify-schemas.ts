// The verification API's answers. They live here, not in lib/verification/, only while verification is
// being rebuilt (its verdict union is changing): the routes answer through these schemas, so a change
// to the results that the document does not describe fails the typecheck at the route.
import { z } from "zod";
import { VERDICTS } from "@/lib/verification/verdicts";

export const ZVerdict = z.enum(VERDICTS).describe("Closed set; VALID only when every stamp is intact, registered to exactly this revision, not revoked, and nothing but further stamps came after it.");

export const ZStampVerdict = z.object({
  serial: z.string().nullable(),
  verdict: ZVerdict,
  reason: z.string().describe("Machine-readable reason code of this stamp's verdict."),
  signedAt: z.string().nullable(),
  page: z.number().int().nullable(),
  revokedAt: z.string().nullable().optional(),
  revokedReason: z.string().nullable().optional(),
  changedPages: z.array(z.number().int()).optional().describe("MODIFIED_AFTER_STAMP: the pages changed after this stamp."),
});

export const ZVerificationResult = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  verdict: ZVerdict,
  reason: z.string().describe("One line in English."),
  reasonCode: z.string().describe("Machine-readable reason code (e.g. DIGEST_MISMATCH, REGISTERED_TO_OTHER_DOCUMENT, RESAVED_STRUCTURE)."),
  registryConsulted: z.boolean(),
  stamps: z.array(ZStampVerdict),
});

export const ZVerifyAnswer = z.object({ batchId: z.string(), results: z.array(ZVerificationResult).describe("One result per file, in upload order.") });

export const ZSerialParams = z.object({ serial: z.string().max(100).describe("The 22-character serial.") });

export const ZPublicStamp = z
  .object({
    serial: z.string(),
    status: z.enum(["ACTIVE", "REVOKED"]),
    affixedAt: z.string(),
    revokedAt: z.string().nullable().optional(),
    revokedReason: z.string().nullable().optional(),
  })
  .describe("Public: nothing about the buyer.");
