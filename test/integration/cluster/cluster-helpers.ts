// Shared by the cluster tests: a node as its own process on the shared database, and a small PDF.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";

const run = promisify(execFile);

/** Runs node-process.ts as its own process with the given environment; its JSON answer. */
export async function onNode(env: Record<string, string>, args: string[]) {
  const { stdout } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "node-process.ts"), ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

export async function onePagePdf(text: string) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}
