// The test corpus: real-world PDFs written by many producers, kept in test/fixtures/pdf/ (its README
// says where each file comes from). Tests, benchmarks and e2e specs find the files only through here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CORPUS_DIR = fileURLToPath(new URL("../fixtures/pdf/", import.meta.url));

export function corpusPath(name: string): string {
  return path.join(CORPUS_DIR, name);
}

export function corpusFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(name)));
}

/** Every PDF of the corpus, sorted by name. */
export function corpusPdfNames(): string[] {
  return readdirSync(CORPUS_DIR).filter((n) => n.endsWith(".pdf")).sort();
}
