import "server-only";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { getSigningIdentity } from "@/lib/signing/signing-identity";
import { FactsPool } from "./facts-pool";

/** The process's verification worker pool, trusting the certificate the portal publishes. */
export function verifyPool(): FactsPool {
  return processSingleton("verify-pool", () => new FactsPool({ anchorsPem: getSigningIdentity().publishedPem, size: env().pdf.workers, taskTimeoutMs: env().pdf.taskTimeoutMs }));
}
