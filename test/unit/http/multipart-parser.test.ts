import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { boundaryOf, MultipartError, readMultipartForm, type TMultipartLimits } from "@/lib/http/multipart-parser";

// Bodies are encoded by undici (Node's fetch), the same encoder a committee's script uses, and the
// parser's answer is compared with undici's own Request.formData() on the same bytes.

async function encode(form: FormData): Promise<{ body: Buffer<ArrayBuffer>; boundary: string }> {
  const request = new Request("http://portal.test/", { method: "POST", body: form });
  const boundary = boundaryOf(request.headers.get("content-type") ?? "");
  assert.ok(boundary, "undici names a boundary");
  return { body: Buffer.from(await request.arrayBuffer()), boundary };
}

/** The body cut into pieces of the given sizes, repeated: how the network might deliver it. */
async function* inPieces(body: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < body.length; i++) {
    const size = sizes[i % sizes.length];
    yield body.slice(at, at + size); // a copy, as a socket would hand over
    at += size;
  }
}

const limits: TMultipartLimits = { maxBodyBytes: 64 * 1024 * 1024, maxParts: 100 };

/** A file whose bytes keep almost saying the boundary: the delimiter's every proper prefix, and CRLFs. */
function nearMisses(boundary: string): Buffer<ArrayBuffer> {
  const delimiter = `\r\n--${boundary}`;
  const parts: Buffer[] = [];
  for (let n = 1; n < delimiter.length; n++) parts.push(Buffer.from(delimiter.slice(0, n)), randomBytes(n));
  return Buffer.concat(parts) as Buffer<ArrayBuffer>;
}

describe("multipart parser", () => {
  it("reads fields and files exactly as Request.formData() does, however the body is cut up", async () => {
    const pdf = randomBytes(300_000);
    const form = new FormData();
    form.append("placements", JSON.stringify([{ page: 1, x: 40, y: 40 }]));
    form.append("documentType", "Surat lamaran — ñ ü 日本");
    form.append("empty", "");
    form.append("file", new File([pdf], "lamaran ñ \"kutip\".pdf", { type: "application/pdf" }));
    form.append("file", new File([], "kosong.pdf", { type: "application/pdf" }));
    const { body, boundary } = await encode(form);
    form.append("file", new File([nearMisses(boundary)], "hampir.bin"));
    const again = await encode(form);
    const reference = await new Request("http://portal.test/", { method: "POST", body: again.body, headers: { "content-type": `multipart/form-data; boundary=${again.boundary}` } }).formData();
    for (const sizes of [[again.body.length], [1], [3, 7, 64], [65_536], [again.boundary.length + 3, 1, 2]]) {
      const { fields, files } = await readMultipartForm(inPieces(again.body, sizes), again.boundary, limits);
      assert.equal(fields.get("placements"), reference.get("placements"));
      assert.equal(fields.get("documentType"), "Surat lamaran — ñ ü 日本");
      assert.equal(fields.get("empty"), "");
      const expected = reference.getAll("file") as File[];
      assert.equal(files.length, expected.length, `pieces ${sizes.join(",")}`);
      for (const [i, file] of files.entries()) {
        assert.equal(file.filename, expected[i].name);
        assert.equal(file.contentType.split(";")[0], expected[i].type || "application/octet-stream");
        assert.ok(Buffer.from(file.bytes).equals(Buffer.from(await expected[i].arrayBuffer())), `file ${i} bytes, pieces ${sizes.join(",")}`);
      }
    }
    assert.ok(body.length < again.body.length);
  });

  it("hands each file on as soon as it has arrived, and can put it in shared memory", async () => {
    const form = new FormData();
    for (let i = 0; i < 3; i++) form.append("file", new File([randomBytes(10_000)], `d${i}.pdf`));
    const { body, boundary } = await encode(form);
    const seen: string[] = [];
    async function* tracked() {
      for await (const piece of inPieces(body, [4096])) {
        seen.push(`piece`);
        yield piece;
      }
    }
    const { files } = await readMultipartForm(tracked(), boundary, { ...limits, sharedMemory: true }, (file) => seen.push(file.filename));
    assert.deepEqual(files.map((f) => f.filename), ["d0.pdf", "d1.pdf", "d2.pdf"]);
    assert.ok(seen.indexOf("d0.pdf") < seen.lastIndexOf("piece"), "the first file is handed on before the body ends");
    assert.ok(files.every((f) => f.bytes.buffer instanceof SharedArrayBuffer));
  });

  it("ignores a preamble and an epilogue, and accepts a quoted boundary", async () => {
    const body = Buffer.from('preamble text\r\n--"b"\r\n'.replace('"b"', "b-1") + 'Content-Disposition: form-data; name="a"\r\n\r\nsatu\r\n--b-1--\r\nepilogue');
    assert.equal(boundaryOf('multipart/form-data; boundary="b-1"'), "b-1");
    const { fields } = await readMultipartForm(inPieces(body, [5]), "b-1", limits);
    assert.equal(fields.get("a"), "satu");
  });

  it("refuses a truncated body, a body over the limit, too many parts and a part without a name", async () => {
    const form = new FormData();
    for (let i = 0; i < 5; i++) form.append("file", new File([randomBytes(2000)], `d${i}.pdf`));
    const { body, boundary } = await encode(form);
    const problem = async (bytes: Uint8Array, extra: Partial<typeof limits> = {}, b = boundary) => {
      try {
        await readMultipartForm(inPieces(bytes, [1000]), b, { ...limits, ...extra });
        return "none";
      } catch (error) {
        assert.ok(error instanceof MultipartError, String(error));
        return error.problem;
      }
    };
    assert.equal(await problem(body.subarray(0, body.length - 10)), "TRUNCATED");
    assert.equal(await problem(body, { maxBodyBytes: body.length - 1 }), "TOO_LARGE");
    assert.equal(await problem(body, { maxParts: 4 }), "TOO_MANY_PARTS");
    assert.equal(await problem(Buffer.from('--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--'), {}, "x"), "MALFORMED");
    assert.equal(await problem(Buffer.from('--x\r\nContent-Disposition: form-data; filename="a.pdf"\r\n\r\nhello\r\n--x--'), {}, "x"), "MALFORMED");
    assert.equal(await problem(Buffer.from(`--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${"y".repeat(2000)}\r\n--x--`), { maxFieldBytes: 1000 }, "x"), "TOO_LARGE");
    assert.equal(await problem(Buffer.from("no boundary anywhere"), {}, "x"), "TRUNCATED");
    assert.equal(boundaryOf("application/json"), null);
    assert.equal(boundaryOf("multipart/form-data"), null);
  });
});
