/**
 * Affixing cost vs. the floor (one SHA-256 pass over the same bytes) and vs. the naive approach
 * (pdf-lib load + full save). Run: node --import tsx bench/affix-core.ts
 * Targets: < 40 KB added per stamp; for documents > 1 MB, affix ≤ 4 × SHA-256 + 10 ms.
 */
import { createHash } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { generatePdf } from "./lib/generate-pdf";
import { createPortalPki, createSigner } from "@/lib/signing/pki";
import { generateSerial } from "@/lib/pdf/serial";
import { stampPdf } from "@/lib/pdf/stamp-pdf";
import { corpusFile, corpusPdfNames } from "@/test/helpers/corpus";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const pki = createPortalPki({ commonName: "Bench e-Meterai" });
const signer = createSigner({ keyPem: pki.signingKeyPem, certChainPem: [pki.signingCertPem, pki.rootCertPem] });

const inputs: Array<{ name: string; bytes: Uint8Array }> = corpusPdfNames()
  .filter((name) => !name.startsWith("encrypted"))
  .map((name) => ({ name, bytes: corpusFile(name) }));
for (const [label, size, pages] of [["gen-100KB", 100_000, 1], ["gen-1MB", 1_000_000, 10], ["gen-5MB", 5_000_000, 100], ["gen-20MB", 20_000_000, 500]] as const) {
  inputs.push({ name: `${label} (${pages} p.)`, bytes: await generatePdf(size, pages) });
}

const rows: string[] = ["| file | size | stampPdf | SHA-256 | ratio | pdf-lib load+save | ratio | bytes added | target |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"];
for (const { name, bytes } of inputs) {
  const stamp = () => {
    const serial = generateSerial();
    return stampPdf({ pdf: bytes, stamps: [{ serial, page: 1, x: 20, y: 20, verifyUrl: `https://emeterai.example.id/v/${serial}` }], signer, signedAt: new Date() });
  };
  let added = 0;
  let repaired = false;
  try {
    const result = await stamp();
    added = result.pdf.length - bytes.length;
    repaired = result.repaired;
  } catch (error) {
    rows.push(`| ${name} | ${bytes.length} | refused: ${(error as Error).message.slice(0, 40)} | | | | | | |`);
    continue;
  }
  const stampMs = await time(stamp);
  const shaMs = await time(() => createHash("sha256").update(bytes).digest());
  const naiveMs = await time(async () => (await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false })).save());
  const meets = added < 40 * 1024 && (bytes.length <= 1_000_000 || stampMs <= 4 * shaMs + 10);
  rows.push(
    `| ${name}${repaired ? " (repaired)" : ""} | ${(bytes.length / 1024).toFixed(0)} KB | ${stampMs.toFixed(2)} ms | ${shaMs.toFixed(2)} ms | ${(stampMs / shaMs).toFixed(1)}× | ${naiveMs.toFixed(1)} ms | ${(naiveMs / stampMs).toFixed(1)}× slower | ${added} | ${meets ? "ok" : "MISSED"} |`,
  );
}
console.log(rows.join("\n"));
