// What bench/verify.ts and bench/verify-browser.ts share: the 1 MB-class stamped documents, the server
// API's batches, and the transport floor (the same bodies received and hashed by a bare node:http server).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { encodeForm, post } from "./http-client";

/** A PDF of about `target` bytes: text pages plus an incompressible attachment-like stream. */
export async function makePdf(target: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i++) doc.addPage().drawText(`Surat lamaran ${i + 1}`, { x: 50, y: 700, size: 18, font });
  const filler = createHash("sha256");
  const chunks: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < target - 20_000; i++) {
    const block = filler.copy().update(String(i)).digest();
    chunks.push(block);
    size += block.length;
  }
  await doc.attach(Buffer.concat(chunks), "lampiran.bin", { mimeType: "application/octet-stream" });
  return doc.save({ useObjectStreams: false });
}

/** The batch's multipart body, encoded once by undici (as a script's fetch would encode it). */
export function batchBody(file: Uint8Array, name: string, batch: number): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (let i = 0; i < batch; i++) form.append("file", new Blob([Buffer.from(file)], { type: "application/pdf" }), `${name}-${i}.pdf`);
  return encodeForm(form);
}

/**
 * Documents per second with two batches in flight, as a committee's script would pipeline them. The first
 * `warmupSeconds` run the same load untimed: the server is measured warm, as it runs on a deadline day
 * (without it, V8 was still optimizing the verification path through most of a 25 s run).
 */
export async function rate(url: string, headers: Record<string, string>, body: Buffer, count: (text: string) => number, seconds: number, onStart: () => Promise<void> = async () => undefined, warmupSeconds = 0): Promise<{ perSecond: number; documents: number }> {
  await post(url, headers, body); // not timed: loads the route, opens the connections
  const inFlight = async (ms: number) => {
    const start = performance.now();
    let documents = 0;
    const loop = async () => {
      while (performance.now() - start < ms) {
        const { status, body: answer } = await post(url, headers, body);
        const text = answer.toString("utf8");
        if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
        documents += count(text);
      }
    };
    await Promise.all([loop(), loop()]);
    return { perSecond: documents / ((performance.now() - start) / 1000), documents };
  };
  // `onStart` (the portal's cost reading, GET /metrics) also runs halfway through the warm-up: V8 had
  // optimized the HTTP path for this load alone, and the first other request made it throw that code away
  // and compile it again (bench:affix).
  if (warmupSeconds > 0) {
    await inFlight(warmupSeconds * 500);
    await onStart();
    await inFlight(warmupSeconds * 500);
  }
  await onStart();
  return inFlight(seconds * 1000);
}

/** A bare node:http server in its own process that reads each body and hashes it, answering the part count. */
export function startTransportFloor(floorPort: number): Promise<ChildProcess> {
  const code = `
    const { createHash } = require("node:crypto");
    require("node:http").createServer((req, res) => {
      const hash = createHash("sha256");
      req.on("data", (chunk) => hash.update(chunk));
      req.on("end", () => res.end(hash.digest("hex")));
    }).listen(${floorPort}, "127.0.0.1", () => process.send("ready"));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve) => child.once("message", () => resolve(child)));
}

