// Used by e2e/verify-browser.spec.ts: the files the parity test verifies three ways (in the browser, by the
// server's API, by verify-offline), made in one process against the e2e server's data folder (its database
// and signing keys), as the verification tests make them:
//   stamped through the portal's own affixing use case (registered), one of them then revoked;
//   altered copies: modified after stamping, re-saved (qpdf, pdf-lib), tampered, copied (a genuine
//   signature moved into another document), unknown serial (signed with the portal's key, never registered),
//   another signer, not stamped, unreadable (empty, not a PDF, truncated).
//   tsx --conditions=react-server e2e/verify-cases-for-e2e.ts DATA_DIR OUT_DIR   → OUT_DIR/cases.json
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e2eApplicant } from "./e2e-applicant";

const [dataDir, outDir] = process.argv.slice(2);
const applicant = await e2eApplicant({ dataDir, label: "parity", units: 10 });
const { revokeStamp } = await import("@/lib/verification/revoke-stamp");
const { readSignatures } = await import("@/lib/pdf/read-signatures");
const { getSigningIdentity, signerFor } = await import("@/lib/signing/signing-identity");
const f = await import("@/test/unit/verification/fixtures");

const affix = (pdf: Uint8Array, placements?: { page: number; x: number; y: number }[]) => applicant.affix(pdf, { placements, documentNumber: "E2E/PARITY" });

const signer = signerFor(await getSigningIdentity());
const stamped = await affix(f.corpus("normal.pdf"));
const twoStamps = await affix(f.corpus("with_update_sections.pdf"), [
  { page: 1, x: 40, y: 40 },
  { page: 1, x: 300, y: 40 },
]);
const toRevoke = await affix(f.corpus("us_constitution.pdf"));
await revokeStamp({ serial: toRevoke.serials[0], reason: "Dibatalkan untuk uji e2e", actor: { id: null, label: "e2e" } });

const first = readSignatures(stamped.pdf).signatures[0];
const asStampResult = { pdf: stamped.pdf, revisions: [{ serial: stamped.serials[0], byteRange: first.byteRange }] } as unknown as Parameters<typeof f.transplant>[0];

const cases: Record<string, Uint8Array> = {
  "valid.pdf": stamped.pdf,
  "valid-two-stamps.pdf": twoStamps.pdf,
  "revoked.pdf": toRevoke.pdf,
  "modified-after-stamping.pdf": f.appendTextUpdate(stamped.pdf),
  "resaved-qpdf.pdf": f.resaveWithQpdf(stamped.pdf),
  "resaved-pdf-lib.pdf": await f.resaveWithPdfLib(stamped.pdf),
  "tampered.pdf": f.flipByteInSignedRange(stamped.pdf, first.byteRange),
  "copied.pdf": await f.transplant(asStampResult, f.corpus("with_update_sections.pdf"), signer),
  "unknown-serial.pdf": (await f.stamp(f.corpus("normal.pdf"), signer)).pdf,
  "other-signer.pdf": (await f.stamp(f.corpus("normal.pdf"), f.makePki("Bukan Portal").signer)).pdf,
  "not-stamped.pdf": f.corpus("normal.pdf"),
  "empty.pdf": new Uint8Array(0),
  "not-a-pdf.pdf": new TextEncoder().encode("Ini bukan PDF."),
  "truncated.pdf": stamped.pdf.subarray(0, Math.floor(stamped.pdf.length / 2)),
};
mkdirSync(outDir, { recursive: true });
for (const [name, bytes] of Object.entries(cases)) writeFileSync(join(outDir, name), bytes);
writeFileSync(join(outDir, "cases.json"), JSON.stringify({ files: Object.keys(cases), serials: { valid: stamped.serials[0], revoked: toRevoke.serials[0] } }));
process.exit(0);
