// GET /api/health's body (and the OpenAPI document's description of it).
import { z } from "zod";

export const ZHealthReport = z.object({
  status: z.enum(["ok", "unavailable"]),
  version: z.string(),
  database: z.object({ ok: z.boolean(), kind: z.enum(["sqlite", "postgresql"]), latencyMs: z.number() }),
});
