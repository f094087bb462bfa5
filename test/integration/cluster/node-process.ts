// One "node" of a cluster for the cluster tests: a separate process with its own DATA_DIR on the shared
// database, doing one thing and printing its result as JSON on the last line of stdout.
//   identity               → { publishedPem }
//   affix USER_ID OUT.pdf  → { serials }   (stamps a generated one-page PDF)
//   verify FILE.pdf        → { verdict }
import { writeFileSync, readFileSync } from "node:fs";
import { PDFDocument, StandardFonts } from "pdf-lib";

const [command, ...args] = process.argv.slice(2);
const { getSigningIdentity } = await import("@/lib/signing/signing-identity");
const { closeWorkerPools } = await import("@/test/helpers/worker-pools");
const { db } = await import("@/lib/db/client");

async function onePagePdf(text: string) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

let result: unknown;
if (command === "identity") {
  result = { publishedPem: (await getSigningIdentity()).publishedPem };
} else if (command === "affix") {
  const { affixStamps } = await import("@/lib/stamps/affix-stamps");
  const [userId, out] = args;
  const stamped = await affixStamps({
    userId,
    actor: { id: userId, label: "cluster-test" },
    pdf: await onePagePdf(`Surat pernyataan ${process.pid}`),
    placements: [{ page: 1, x: 400, y: 40 }],
    details: { documentType: "Surat Pernyataan", documentNumber: "001/CL/2026", documentDate: "2026-09-06" },
    idempotencyKey: `cluster-${process.pid}-${Date.now()}`,
  });
  writeFileSync(out, stamped.pdf);
  result = { serials: stamped.serials };
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
