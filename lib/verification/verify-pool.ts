import "server-only";
import { env } from "@/lib/env";
import { peekProcessSingleton, processSingleton } from "@/lib/process-singleton";
import { getSigningIdentity } from "@/lib/signing/signing-identity";
import { FactsPool } from "./facts-pool";

/** The process's verification worker pool, trusting the certificate the portal publishes. */
export async function verifyPool(): Promise<FactsPool> {
  const started = peekProcessSingleton<FactsPool>("verify-pool");
  if (started) return started;
  const { publishedPem } = await getSigningIdentity();
  return processSingleton("verify-pool", () => new FactsPool({ anchorsPem: publishedPem, size: env().pdf.workers, taskTimeoutMs: env().pdf.taskTimeoutMs }));
}
