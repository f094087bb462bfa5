import "server-only";
import { env } from "@/lib/env";
import { getSigningIdentity } from "@/lib/stamps/signing-identity";
import { FactsPool } from "./facts-pool";

let pool: FactsPool | undefined;

/** The process's verification worker pool, trusting the certificate the portal publishes. */
export function verifyPool(): FactsPool {
  pool ??= new FactsPool({ anchorsPem: getSigningIdentity().publishedPem, size: env().pdf.workers, taskTimeoutMs: env().pdf.taskTimeoutMs });
  return pool;
}
