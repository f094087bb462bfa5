import "server-only";
import { availableParallelism } from "node:os";
import { env } from "@/lib/env";
import { getPdfPool } from "@/lib/pdf/pool";
import { getSigningIdentity } from "./signing-identity";

/** The process's PDF worker pool, started with the portal's signing identity. */
export function pdfPool() {
  const identity = getSigningIdentity();
  return getPdfPool({
    // One core stays with the event loop (HTTP, multipart, database): on the 2-core target machine a
    // second worker made affixing slower end to end, not faster (measured with bench/affix.ts).
    size: env().pdf.workers ?? Math.max(1, availableParallelism() - 1),
    taskTimeoutMs: env().pdf.taskTimeoutMs,
    signer: { keyPem: identity.keyPem, certChainPem: identity.certChainPem },
  });
}
