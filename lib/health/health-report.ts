// GET /api/health's body (and the OpenAPI document's description of it).
import { z } from "zod";

const ZPoolHealth = z.object({ workers: z.number().int(), running: z.number().int(), queued: z.number().int(), stuck: z.boolean() }).nullable();

export const ZHealthReport = z.object({
  /** ok: ready; busy: requests wait too long or the PDF workers are stuck; unavailable: no database; draining: stopping (SIGTERM), out of rotation. */
  status: z.enum(["ok", "busy", "unavailable", "draining"]),
  problems: z.array(z.enum(["database", "waiting", "pdf_workers", "draining"])),
  version: z.string(),
  database: z.object({ ok: z.boolean(), kind: z.enum(["sqlite", "postgresql"]), latencyMs: z.number() }),
  turns: z.object({ limit: z.number().int(), inTurn: z.number().int(), queued: z.number().int(), oldestWaitMs: z.number(), overloaded: z.boolean() }),
  workers: z.object({ pdf: ZPoolHealth, verify: ZPoolHealth }),
});
