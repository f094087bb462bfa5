// Keeps a portal busy affixing: CLIENTS concurrent POST /api/v1/affix of an 800 KB 3-page PDF until killed.
// Usage: tsx bench/lib/affix-load.ts URL TOKEN [CLIENTS]. Prints the number of stamps made on SIGTERM.
import { randomUUID } from "node:crypto";
import { generatePdf } from "./generate-pdf";

const [url, token, clientsArg] = process.argv.slice(2);
const clients = Number(clientsArg ?? 8);
const pdf = (await generatePdf(800_000, 3)) as Uint8Array<ArrayBuffer>;
let stamped = 0;
let failed = 0;
process.on("SIGTERM", () => {
  console.log(JSON.stringify({ stamped, failed }));
  process.exit(0);
});

async function loop() {
  for (;;) {
    const form = new FormData();
    form.append("file", new Blob([pdf], { type: "application/pdf" }), "surat.pdf");
    form.append("placements", JSON.stringify([{ page: 3, x: 400, y: 40 }]));
    form.append("documentType", "Surat Pernyataan");
    form.append("documentNumber", "LOAD");
    form.append("documentDate", "2026-09-06");
    try {
      const r = await fetch(`${url}/api/v1/affix`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Idempotency-Key": randomUUID() }, body: form });
      await r.arrayBuffer();
      if (r.status === 200) stamped++;
      else failed++;
    } catch {
      failed++;
    }
  }
}
await Promise.all(Array.from({ length: clients }, loop));
