import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { createPortalPki, createSigner } from "./lib/pdf/pki";
import { stampPdf } from "./lib/pdf/stamp-pdf";
import { generateSerial } from "./lib/pdf/serial";
let t = performance.now();
const pki = existsSync("/tmp/pki.json") ? JSON.parse(readFileSync("/tmp/pki.json","utf8")) : createPortalPki({ commonName: "Portal e-Meterai Test" });
writeFileSync("/tmp/pki.json", JSON.stringify(pki));
console.log("pki", (performance.now() - t).toFixed(0));
const signer = createSigner({ keyPem: pki.signingKeyPem, certChainPem: [pki.signingCertPem, pki.rootCertPem] });
const dir = "/work/shared/corpus/real-world/";
const only = process.argv[2];
for (const f of readdirSync(dir).filter((f) => f.endsWith(".pdf") && (!only || f.includes(only)))) {
  const bytes = readFileSync(dir + f);
  try {
    const serial = generateSerial();
    t = performance.now();
    const r = await stampPdf({ pdf: bytes, stamps: [{ serial, page: 1, x: 20, y: 20, verifyUrl: `https://emeterai.example.id/v/${serial}` }], signer, signedAt: new Date() });
    const ms = performance.now() - t;
    writeFileSync(`/tmp/out-${f}`, r.pdf);
    const sig = spawnSync("pdfsig", [`/tmp/out-${f}`], { encoding: "utf8" }).stdout;
    const valid = (sig.match(/Signature is Valid/g) ?? []).length, total = (sig.match(/^Signature #/gm) ?? []).length;
    const q = spawnSync("qpdf", ["--check", `/tmp/out-${f}`], { encoding: "utf8" });
    console.log(f, ms.toFixed(1) + "ms", "repaired", r.repaired, "+", r.pdf.length - bytes.length, `sig ${valid}/${total}`, "qpdf", q.status, q.status !== 0 ? (q.stdout + q.stderr).split("\n").filter(l=>/WARN|ERR/.test(l)).slice(0,2).join(" | ") : "");
  } catch (e) { console.log(f, "ERR", (e as Error).message); }
}
