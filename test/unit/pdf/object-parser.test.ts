import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { PDFContext, PDFObjectParser } from "pdf-lib";
import { parseObjectFrom } from "@/lib/pdf/object-parser";

/** What an object parse gives, as text: its serialization, or its error message (positions included). */
function outcome(parse: () => { toString(): string }): string {
  try {
    return `ok ${parse().toString()}`;
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
}

const same = (bytes: Uint8Array, label: string) =>
  assert.equal(outcome(() => parseObjectFrom(bytes, PDFContext.create())), outcome(() => PDFObjectParser.forBytes(bytes, PDFContext.create()).parseObject()), label);

describe("parseObjectFrom", () => {
  it("reads every object of the corpus as pdf-lib's parser does, hex strings included", () => {
    const dir = "test/fixtures/pdf";
    let objects = 0;
    let hex = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".pdf"))) {
      const bytes = readFileSync(`${dir}/${name}`);
      for (const match of bytes.toString("latin1").matchAll(/\d+\s+\d+\s+obj\b/g)) {
        const start = match.index! + match[0].length;
        const object = bytes.subarray(start, start + 4096);
        same(object, `${name} at ${start}`);
        objects++;
        if (/^\s*<<[^]*?<[0-9A-Fa-f]/.test(object.toString("latin1", 0, 300))) hex++;
      }
    }
    assert.ok(objects > 2000 && hex > 20, `objects read: ${objects}, with hex strings: ${hex}`);
  });

  it("hex strings across lines, empty, at the end, and without their closing '>': the same value, position and error", () => {
    const cases = [
      "<< /Contents <3082\n0A0B\r\n0c0d> /Next (after) >>",
      "<< /A <> /B <  4142 > >>",
      "<414243>",
      "<< /Contents <30820A0B\n0C",
      "<< /Contents <3082> /Broken ] >>",
      "<< /Contents <30\n82> /Broken ] >>",
    ];
    for (const text of cases) same(Buffer.from(text, "latin1"), JSON.stringify(text));
  });
});
