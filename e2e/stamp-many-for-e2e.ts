// Used by e2e/verify-bulk-browser.spec.ts: makes COUNT different documents (each a few pages of text and
// incompressible images, about SIZE bytes) and stamps each through the portal's own affixing use case
// against the e2e server's data folder (same database, same signing keys), in one process.
//   tsx --conditions=react-server e2e/stamp-many-for-e2e.ts DATA_DIR OUT_DIR COUNT [SIZE]
// Writes OUT_DIR/pelamar-<i>.pdf and prints the serials, one per line, in order.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { generatePdf } from "../bench/lib/generate-pdf";
import { e2eApplicant } from "./e2e-applicant";

const [dataDir, outDir, countText, sizeText] = process.argv.slice(2);
const count = Number(countText);
const size = Number(sizeText ?? 40_000);
const applicant = await e2eApplicant({ dataDir, label: "many", units: count });
const serials: string[] = [];
for (let i = 1; i <= count; i++) {
  const result = await applicant.affix(await generatePdf(size, 2), { documentNumber: `E2E/${i}` });
  writeFileSync(path.join(outDir, `pelamar-${i}.pdf`), result.pdf);
  serials.push(result.serials[0]);
}
console.log(serials.join("\n"));
process.exit(0);
