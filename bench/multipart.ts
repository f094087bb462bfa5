// npm run bench:multipart: the portal's multipart reader (lib/http/multipart-parser.ts: @fastify/busboy's
// Dicer engine with our form rules and limits) against the whole of @fastify/busboy on the same bodies,
// cut into the same 64 KB chunks a socket delivers, in one run.
// Bodies as the portal receives them: an affix request (one 800 KB PDF and four small fields) and a
// verification batch (fifty 1 MB PDFs). Both parsers end with each file in one contiguous array, as the
// PDF workers need it. Floor: copying the body's bytes once.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import Busboy from "@fastify/busboy";
import { readMultipartForm } from "@/lib/http/multipart-parser";
import { releaseSharedBytes } from "@/lib/http/upload-memory";
import { median } from "./lib/stats";

const CHUNK = 64 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const BOUNDARY = "----bench" + randomBytes(8).toString("hex");

type TBody = { name: string; chunks: Buffer[]; bytes: number; files: number };

function body(name: string, files: { field: string; size: number }[], fields: Record<string, string>): TBody {
  const parts: Buffer[] = [];
  for (const [field, value] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`));
  files.forEach((file, i) => {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field}"; filename="dokumen-${i}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`));
    parts.push(randomBytes(file.size), Buffer.from("\r\n"));
  });
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  const whole = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  for (let at = 0; at < whole.length; at += CHUNK) chunks.push(whole.subarray(at, at + CHUNK));
  return { name, chunks, bytes: whole.length, files: files.length };
}

async function* fromChunks(chunks: Buffer[]) {
  for (const chunk of chunks) yield chunk;
}

async function ours(b: TBody): Promise<number> {
  const form = await readMultipartForm(fromChunks(b.chunks), BOUNDARY, { maxBodyBytes: 1 << 30, maxParts: 1000 });
  return form.files.length;
}

function busboy(b: TBody): Promise<number> {
  return new Promise((resolve, reject) => {
    const parser = new Busboy({ headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` }, limits: { fileSize: 1 << 30, files: 1000 } });
    const files: Buffer[] = [];
    parser.on("file", (_field, stream) => {
      const pieces: Buffer[] = [];
      stream.on("data", (piece: Buffer) => pieces.push(piece));
      stream.on("end", () => files.push(Buffer.concat(pieces)));
    });
    parser.on("field", () => undefined);
    parser.on("finish", () => resolve(files.length));
    parser.on("error", reject);
    Readable.from(b.chunks).pipe(parser);
  });
}

async function floor(b: TBody): Promise<number> {
  return Buffer.concat(b.chunks).length > 0 ? b.files : 0;
}

async function time(run: (b: TBody) => Promise<number>, b: TBody): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const files = await run(b);
    samples.push(performance.now() - t0);
    if (files !== b.files) throw new Error(`expected ${b.files} files, got ${files}`);
  }
  return median(samples);
}

const bodies = [
  body("affix: one 800 KB PDF + fields", [{ field: "file", size: 800 * 1024 }], { placements: '[{"page":1,"x":40,"y":40}]', documentType: "Surat Pernyataan", documentNumber: "800/1", documentDate: "2026-01-05" }),
  body("verify: fifty 1 MB PDFs", Array.from({ length: 50 }, () => ({ field: "file", size: 1024 * 1024 })), {}),
];

console.log(`multipart parsing, median of ${ROUNDS} rounds per body (64 KB chunks)\n`);
console.log("| body | ours (ms) | @fastify/busboy (ms) | floor: one copy (ms) | ours ÷ busboy | ours ÷ floor |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const b of bodies) {
  // Alternate the contenders so that machine noise hits both alike.
  const a: number[] = [];
  const z: number[] = [];
  const f: number[] = [];
  for (let round = 0; round < 3; round++) {
    a.push(await time(ours, b));
    z.push(await time(busboy, b));
    f.push(await time(floor, b));
  }
  const [mOurs, mBusboy, mFloor] = [median(a), median(z), median(f)];
  console.log(`| ${b.name} (${(b.bytes / 1048576).toFixed(1)} MB) | ${mOurs.toFixed(2)} | ${mBusboy.toFixed(2)} | ${mFloor.toFixed(2)} | ${(mOurs / mBusboy).toFixed(2)} | ${(mOurs / mFloor).toFixed(2)} |`);
}

// The verification API reads its files into shared memory (for the workers), given back after each
// request (lib/http/upload-memory.ts). Fresh: every file in new memory, as when nothing is given back.
async function shared(b: TBody, giveBack: boolean): Promise<number> {
  const form = await readMultipartForm(fromChunks(b.chunks), BOUNDARY, { maxBodyBytes: 1 << 30, maxParts: 1000, sharedMemory: true });
  if (giveBack) releaseSharedBytes(form.files.map((file) => file.bytes));
  return form.files.length;
}
const batch = bodies[1];
const fresh: number[] = [];
const reused: number[] = [];
for (let round = 0; round < 3; round++) {
  fresh.push(await time((b) => shared(b, false), batch));
  reused.push(await time((b) => shared(b, true), batch));
}
console.log(`\n| ${batch.name} into shared memory | reused memory (ms) | fresh memory (ms) | reused ÷ fresh |`);
console.log("|---|---:|---:|---:|");
console.log(`| ${(batch.bytes / 1048576).toFixed(1)} MB | ${median(reused).toFixed(2)} | ${median(fresh).toFixed(2)} | ${(median(reused) / median(fresh)).toFixed(2)} |`);
