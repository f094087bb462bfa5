// Used by e2e/verify-bulk-browser.spec.ts: makes COUNT different documents (each a few pages of text and
// incompressible images, about SIZE bytes) and stamps each through the portal's own affixing use case
// against the e2e server's data folder (same database, same signing keys), in one process.
//   tsx --conditions=react-server e2e/stamp-many-for-e2e.ts DATA_DIR OUT_DIR COUNT [SIZE]
// Writes OUT_DIR/pelamar-<i>.pdf and prints the serials, one per line, in order.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { generatePdf } from "../bench/lib/generate-pdf";

const [dataDir, outDir, countText, sizeText] = process.argv.slice(2);
const count = Number(countText);
const size = Number(sizeText ?? 40_000);
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
const { runTransaction } = await import("@/lib/db/run-transaction");
const { creditQuota } = await import("@/lib/quota");
const { affixStamps } = await import("@/lib/stamps/affix-stamps");
const { createUser } = await import("@/lib/users/create-user");
// The running server writes to the same SQLite file (its audit sequencer, its jobs): a transaction that
// meets its write lock is tried again, as the server's own retries do.
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
const user = await retried(() => createUser({ email: `e2e-many-${randomBytes(4).toString("hex")}@e2e.local`, password: "applicant-pass-1", role: "APPLICANT", actor: { id: null, label: "e2e" } }));
const orderId = `e2e-${randomBytes(4).toString("hex")}`;
await retried(() => runTransaction((tx) => creditQuota(tx, { userId: user.id, orderId, units: count })));
const serials: string[] = [];
for (let i = 1; i <= count; i++) {
  const pdf = await generatePdf(size, 2);
  // One idempotency key per document: a retried attempt cannot stamp (and charge) twice.
  const idempotencyKey = `e2e-${randomBytes(6).toString("hex")}`;
  const result = await retried(() =>
    affixStamps({
      userId: user.id,
      actor: { id: user.id, label: user.email },
      pdf,
      placements: [{ page: 1, x: 40, y: 40 }],
      details: { documentType: "Surat Pernyataan", documentNumber: `E2E/${i}`, documentDate: "2026-01-05" },
      idempotencyKey,
    }),
  );
  writeFileSync(path.join(outDir, `pelamar-${i}.pdf`), result.pdf);
  serials.push(result.serials[0]);
}
console.log(serials.join("\n"));
process.exit(0);
