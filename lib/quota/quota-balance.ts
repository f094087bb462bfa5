// A user's balance as GET /api/v1/quota answers it (and the OpenAPI document describes it).
import { z } from "zod";

export const ZQuotaBalance = z.object({
  available: z.number().int().min(0).describe("Units available to affix."),
  reserved: z.number().int().min(0).describe("Units reserved by affixing in progress."),
});
export type TQuotaBalance = z.infer<typeof ZQuotaBalance>;
