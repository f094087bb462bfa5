// Used by e2e/verify.spec.ts: stamps a PDF through the portal's own affixing use case against the e2e
// server's data folder (same database, same signing keys) and writes the stamped file.
//   tsx --conditions=react-server e2e/affix-for-e2e.ts DATA_DIR IN.pdf OUT.pdf
import { readFileSync, writeFileSync } from "node:fs";
import { e2eApplicant } from "./e2e-applicant";

const [dataDir, input, output] = process.argv.slice(2);
const applicant = await e2eApplicant({ dataDir, label: "verify", units: 1 });
const result = await applicant.affix(new Uint8Array(readFileSync(input)));
writeFileSync(output, result.pdf);
console.log(result.serials[0]);
process.exit(0);
