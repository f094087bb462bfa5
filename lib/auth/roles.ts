import { z } from "zod";

export const ROLES = ["APPLICANT", "VERIFIER", "OPERATOR"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;
