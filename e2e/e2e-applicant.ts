// For the e2e helper scripts that stamp through the portal's own affixing use case against the e2e
// server's data folder (same database, same signing keys): a new applicant with quota, and affixing as
// that applicant. The portal's modules are loaded only after DATA_DIR points at the server's folder.
import { randomBytes } from "node:crypto";

type TPlacement = { page: number; x: number; y: number };

/**
 * The running server writes to the same SQLite file (its audit sequencer, its jobs): work that meets its
 * write lock is tried again, as the server's own retries do. An affix attempt keeps its idempotency key,
 * so a retried attempt cannot stamp (and charge) twice.
 */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 8 || !/database is locked|SQLITE_BUSY|timed out/i.test(`${(error as Error)?.message ?? error} ${JSON.stringify((error as { cause?: unknown })?.cause ?? "")}`)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export async function e2eApplicant({ dataDir, label, units }: { dataDir: string; label: string; units: number }) {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  const { runTransaction } = await import("@/lib/db/run-transaction");
  const { creditQuota } = await import("@/lib/quota");
  const { affixStamps } = await import("@/lib/stamps/affix-stamps");
  const { createUser } = await import("@/lib/users/create-user");
  const user = await retried(() => createUser({ email: `e2e-${label}-${randomBytes(4).toString("hex")}@e2e.local`, password: "applicant-pass-1", role: "APPLICANT", actor: { id: null, label: "e2e" } }));
  const orderId = `e2e-${randomBytes(4).toString("hex")}`;
  await retried(() => runTransaction((tx) => creditQuota(tx, { userId: user.id, orderId, units })));

  return {
    user,
    async affix(pdf: Uint8Array, { placements = [{ page: 1, x: 40, y: 40 }], documentNumber = "E2E/1" }: { placements?: TPlacement[]; documentNumber?: string } = {}): Promise<{ pdf: Uint8Array; serials: string[] }> {
      const idempotencyKey = `e2e-${randomBytes(6).toString("hex")}`;
      const result = await retried(() =>
        affixStamps({
          userId: user.id,
          actor: { id: user.id, label: user.email },
          pdf,
          placements,
          details: { documentType: "Surat Pernyataan", documentNumber, documentDate: "2026-01-05" },
          idempotencyKey,
        }),
      );
      return { pdf: new Uint8Array(result.pdf), serials: result.serials };
    },
  };
}
