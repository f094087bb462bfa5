import http from "node:http";

// The benchmarks' client: a ready body over kept-alive node:http connections. The client runs on the
// same two cores as the server; fetch encoding a FormData (and copying the body again) per request took
// half a core, which the server then did not get.

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export type TAnswer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; bytes: number };

/** `discardBody`: the answer's bytes are read and counted but not kept (as a load generator does). */
export function post(url: string, headers: Record<string, string>, body: Buffer, options: { discardBody?: boolean } = {}): Promise<TAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(body.length) } }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (!options.discardBody) chunks.push(chunk);
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), bytes }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** A FormData encoded once by undici, exactly as fetch would send it: its bytes and Content-Type. */
export async function encodeForm(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request("http://encoder.local/", { method: "POST", body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

export function closeClient() {
  agent.destroy();
}

/**
 * The affix request body the end-to-end benchmarks send (bench:affix, bench:storm): `pdf` with one stamp on
 * `page` and the document's details, encoded once. Each request adds its own Idempotency-Key.
 */
export async function affixRequestBody(pdf: Uint8Array, page = 3): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  form.append("file", new Blob([pdf as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), "surat.pdf");
  form.append("placements", JSON.stringify([{ page, x: 400, y: 40 }]));
  form.append("documentType", "Surat Pernyataan");
  form.append("documentNumber", "001/SP/IX/2026");
  form.append("documentDate", "2026-09-06");
  return encodeForm(form);
}
