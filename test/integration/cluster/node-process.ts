// One "node" of a cluster for the cluster tests: a separate process with its own DATA_DIR on the shared
// database, doing one thing and printing its result as JSON on the last line of stdout.
//   identity               → { publishedPem }
//   affix USER_ID IN.pdf OUT.pdf KEY → { jobId, serials }
//   verify FILE.pdf        → { verdict }
import { writeFileSync, readFileSync } from "node:fs";

const [command, ...args] = process.argv.slice(2);
const { getSigningIdentity } = await import("@/lib/signing/signing-identity");
const { closeWorkerPools } = await import("@/test/helpers/worker-pools");
const { db } = await import("@/lib/db/client");

let result: unknown;
if (command === "identity") {
  result = { publishedPem: (await getSigningIdentity()).publishedPem };
} else if (command === "affix") {
  const { affixStamps } = await import("@/lib/stamps/affix-stamps");
  const [userId, input, out, key] = args;
  const stamped = await affixStamps({
    userId,
    actor: { id: userId, label: "cluster-test" },
    pdf: new Uint8Array(readFileSync(input)),
    placements: [{ page: 1, x: 400, y: 40 }],
    details: { documentType: "Surat Pernyataan", documentNumber: "001/CL/2026", documentDate: "2026-09-06" },
    idempotencyKey: key,
  });
  writeFileSync(out, stamped.pdf);
  result = { jobId: stamped.jobId, serials: stamped.serials };
} else if (command === "verify") {
  const { verifyDocuments } = await import("@/lib/verification/verify-documents");
  const [file] = await verifyDocuments({ files: [{ name: "x.pdf", bytes: new Uint8Array(readFileSync(args[0])) }] });
  result = { verdict: file.verdict, reason: file.reason };
} else {
  throw new Error(`unknown command ${command}`);
}
await closeWorkerPools();
await db().$disconnect();
console.log(JSON.stringify(result));
