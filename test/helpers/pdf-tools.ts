// Independent checkers for PDFs produced by the portal: poppler's pdfsig and qpdf, run for real.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export { corpusFile } from "./corpus";

function withTempFile<T>(bytes: Uint8Array, run: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), "emeterai-pdf-"));
  const file = path.join(dir, "doc.pdf");
  writeFileSync(file, bytes);
  try {
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdfsig's verdict per signature ("Signature is Valid." …): read its text, not its exit code. */
export function pdfsigValidations(bytes: Uint8Array): string[] {
  return withTempFile(bytes, (file) => {
    const out = spawnSync("pdfsig", [file], { encoding: "utf8" });
    return [...(out.stdout + out.stderr).matchAll(/Signature Validation: (.+)/g)].map((m) => m[1].trim());
  });
}

export function qpdfCheck(bytes: Uint8Array): { ok: boolean; output: string } {
  return withTempFile(bytes, (file) => {
    const out = spawnSync("qpdf", ["--check", file], { encoding: "utf8" });
    return { ok: out.status === 0, output: out.stdout + out.stderr };
  });
}

export function qpdfRewrite(bytes: Uint8Array): Uint8Array {
  return withTempFile(bytes, (file) => {
    const out = `${file}.out.pdf`;
    execFileSync("qpdf", [file, out]);
    return new Uint8Array(readFileSync(out));
  });
}
