import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Signer } from "@/lib/pdf/signer";
import { createPortalPki, createSigner, type PortalPki } from "@/lib/signing/pki";
import { generateSerial } from "@/lib/pdf/serial";

export { CORPUS_DIR } from "@/test/helpers/corpus";
export const VERIFY_BASE_URL = "https://emeterai.example.id";

const run = promisify(execFile);

let cached: { pki: PortalPki; signer: Signer } | undefined;

/** One PKI per test process: RSA-3072 key generation is the slow part (~0.5 s). */
export function testSigner(): { pki: PortalPki; signer: Signer } {
  cached ??= (() => {
    const pki = createPortalPki({ commonName: "Portal e-Meterai (test)" });
    return { pki, signer: createSigner({ keyPem: pki.signingKeyPem, certChainPem: [pki.signingCertPem, pki.rootCertPem] }) };
  })();
  return cached;
}

export function stampRequest(page = 1, x = 20, y = 20, width?: number) {
  const serial = generateSerial();
  return { serial, page, x, y, width, verifyUrl: `${VERIFY_BASE_URL}/v/${serial}` };
}

/** Run a command and return its exit code and output, never throwing on a non-zero exit. */
export async function runTool(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: "latin1" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** pdfsig's verdict per signed signature ("Signature is Valid.", "Digest Mismatch.", …). */
export async function pdfsigVerdicts(path: string): Promise<string[]> {
  const { stdout } = await runTool("pdfsig", [path]);
  return [...stdout.matchAll(/Signature Validation: (.+)/g)].map((m) => m[1].trim());
}

/** qpdf --check warnings, without file names and byte offsets, so two files can be compared. */
export async function qpdfCheck(path: string): Promise<{ code: number; warnings: Set<string> }> {
  const { code, stdout, stderr } = await runTool("qpdf", ["--check", path]);
  const warnings = new Set(
    `${stdout}\n${stderr}`
      .split("\n")
      .filter((line) => line.startsWith("WARNING"))
      .map((line) => line.replace(path, "FILE").replace(/offset \d+/g, "offset N").replace(/^WARNING: [^:]*?FILE/, "WARNING: FILE")),
  );
  return { code, warnings };
}

/** Render one page at 36 dpi as PPM and return a reader of RGB pixels (no PNG decoding needed). */
export async function renderPage(path: string, page: number): Promise<{ width: number; height: number; rgb(x: number, y: number): [number, number, number] } | undefined> {
  const prefix = `${path}.render`;
  const { code } = await runTool("pdftoppm", ["-r", "36", "-f", String(page), "-l", String(page), "-singlefile", path, prefix]);
  if (code !== 0) return undefined;
  const { readFile, rm } = await import("node:fs/promises");
  const ppm = await readFile(`${prefix}.ppm`).catch(() => undefined);
  await rm(`${prefix}.ppm`, { force: true });
  if (!ppm) return undefined;
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.toString("latin1", 0, 64));
  if (!header) return undefined;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = ppm.subarray(header[0].length);
  return {
    width,
    height,
    rgb: (x, y) => {
      const at = (y * width + x) * 3;
      return [data[at], data[at + 1], data[at + 2]];
    },
  };
}

/** Mean of (red − green) over a square given in points on the displayed page: high for pink. */
export function pinkness(image: NonNullable<Awaited<ReturnType<typeof renderPage>>>, box: { x: number; y: number; size: number; pageHeight: number }): number {
  const scale = 36 / 72;
  const left = Math.round((box.x + 4) * scale);
  const right = Math.round((box.x + box.size - 4) * scale);
  const top = Math.round((box.pageHeight - box.y - box.size + 4) * scale);
  const bottom = Math.round((box.pageHeight - box.y - 4) * scale);
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, top); y < Math.min(image.height, bottom); y++) {
    for (let x = Math.max(0, left); x < Math.min(image.width, right); x++) {
      const [r, g] = image.rgb(x, y);
      sum += r - g;
      count++;
    }
  }
  return count ? sum / count : 0;
}
