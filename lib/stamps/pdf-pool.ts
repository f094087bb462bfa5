import "server-only";
import { env } from "@/lib/env";
import { getPdfPool } from "@/lib/pdf/pool";
import { getSigningIdentity } from "./signing-identity";

/** The process's PDF worker pool, started with the portal's signing identity. */
export function pdfPool() {
  const identity = getSigningIdentity();
  return getPdfPool({
    size: env().pdf.workers,
    taskTimeoutMs: env().pdf.taskTimeoutMs,
    signer: { keyPem: identity.keyPem, certChainPem: identity.certChainPem },
  });
}
