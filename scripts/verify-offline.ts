// Offline verification: `npm run verify-offline -- [--cert FILE] [--json] FILE...`
// Checks each PDF's signatures, the signer's chain against the published portal certificate and each
// serial's check character, with no network and no database: the registry cannot be consulted, and
// every verdict says so. Runs from the repository (tsx) or as one bundled file:
//   node scripts/build-bundles.mjs   →   node .build/verify-offline.mjs --cert portal.pem FILE...
// --cert defaults to $DATA_DIR/keys (signing-cert.pem + root-ca.pem), else ./certificate.pem
// (save it from https://<portal>/.well-known/meterai/certificate.pem while the portal is up).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { extractDocumentFacts, trustAnchorsFromPem } from "@/lib/verification/document-facts";
import { judgeDocument } from "@/lib/verification/judge-document";
import { isWellFormedSerial } from "@/lib/pdf/serial";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { cert: { type: "string" }, json: { type: "boolean" }, "data-dir": { type: "string" } } });

function defaultCertPem(): { pem: string; from: string } | null {
  // This tool reads its own arguments and environment: it must run without the portal's configuration.
  const dataDir = values["data-dir"] ?? process.env.DATA_DIR ?? "data";
  const keys = path.join(dataDir, "keys");
  const parts = ["signing-cert.pem", "root-ca.pem"].map((f) => path.join(keys, f)).filter(existsSync);
  if (parts.length > 0) return { pem: parts.map((p) => readFileSync(p, "utf8")).join("\n"), from: keys };
  if (existsSync("certificate.pem")) return { pem: readFileSync("certificate.pem", "utf8"), from: "certificate.pem" };
  return null;
}

if (positionals.length === 0) {
  console.error("usage: verify-offline [--cert portal-certificate.pem] [--json] FILE.pdf...");
  process.exit(2);
}
const cert = values.cert ? { pem: readFileSync(values.cert, "utf8"), from: values.cert } : defaultCertPem();
if (!cert) {
  console.error("No portal certificate: pass --cert FILE (saved from /.well-known/meterai/certificate.pem) or set DATA_DIR.");
  process.exit(2);
}
const anchors = trustAnchorsFromPem(cert.pem);
if (anchors.certificates.length === 0) {
  console.error(`${cert.from} holds no readable certificate.`);
  process.exit(2);
}

const results = positionals.map((file) => {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    return { file, verdict: "UNREADABLE", reason: { code: "CANNOT_OPEN", detail: (error as Error).message }, sha256: "", stamps: [] as { serial: string | null; serialCheck: string; verdict: string; reason: string; signedAt: string | null; page: number | null }[] };
  }
  const v = judgeDocument(extractDocumentFacts(bytes, anchors), { consulted: false });
  return {
    file,
    verdict: v.verdict,
    reason: v.reason,
    sha256: v.sha256,
    stamps: v.stamps.map((s) => ({
      serial: s.stamp.serial,
      serialCheck: s.stamp.serial ? (isWellFormedSerial(s.stamp.serial) ? "ok" : "FAILED") : "none",
      verdict: s.verdict,
      reason: s.reason.code,
      signedAt: s.stamp.signedAt,
      page: s.stamp.page,
    })),
  };
});

const NOTE = "The registry could not be consulted (offline): revocation, and registration of each serial to this exact document, were NOT checked.";
if (values.json) {
  console.log(JSON.stringify({ registryConsulted: false, note: NOTE, certificate: cert.from, results }, null, 2));
} else {
  console.log(`Trusting the portal certificate from ${cert.from}.`);
  console.log(NOTE);
  for (const r of results) {
    console.log(`\n${r.file}\n  verdict: ${r.verdict} (${r.reason.code}) ${r.reason.detail}\n  sha256:  ${r.sha256}`);
    for (const s of r.stamps) console.log(`  stamp ${s.serial ?? "-"} check character ${s.serialCheck}, page ${s.page ?? "?"}, signed ${s.signedAt ?? "?"}: ${s.verdict} (${s.reason})`);
  }
}
process.exitCode = results.every((r) => r.verdict === "VALID") ? 0 : 1;
