// Used by e2e/verify.spec.ts: stamps a PDF through the portal's own affixing use case against the e2e
// server's data folder (same database, same signing keys) and writes the stamped file.
//   tsx --conditions=react-server e2e/affix-for-e2e.ts DATA_DIR IN.pdf OUT.pdf
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const [dataDir, input, output] = process.argv.slice(2);
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
// Retried on a busy database: the e2e server writes to the same SQLite file meanwhile.
const { runTransaction } = await import("@/lib/db/run-transaction");
const { creditQuota } = await import("@/lib/quota");
const { affixStamps } = await import("@/lib/stamps/affix-stamps");
const { createUser } = await import("@/lib/users/create-user");
const user = await createUser({ email: `e2e-verify-${randomBytes(4).toString("hex")}@e2e.local`, password: "applicant-pass-1", role: "APPLICANT", actor: { id: null, label: "e2e" } });
await runTransaction((tx) => creditQuota(tx, { userId: user.id, orderId: `e2e-${randomBytes(4).toString("hex")}`, units: 1 }));
const result = await affixStamps({
  userId: user.id,
  actor: { id: user.id, label: user.email },
  pdf: new Uint8Array(readFileSync(input)),
  placements: [{ page: 1, x: 40, y: 40 }],
  details: { documentType: "Surat Pernyataan", documentNumber: "E2E/1", documentDate: "2026-01-05" },
  idempotencyKey: `e2e-${randomBytes(6).toString("hex")}`,
});
writeFileSync(output, result.pdf);
console.log(result.serials[0]);
process.exit(0);
