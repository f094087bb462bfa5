import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { indexOfAscii } from "@/lib/pdf/find-bytes";

const every = (find: (from: number) => number) => {
  const found: number[] = [];
  for (let at = find(0); at >= 0; at = find(at + 1)) found.push(at);
  return found;
};

describe("indexOfAscii", () => {
  it("finds what Buffer#indexOf finds, in every PDF of the corpus", () => {
    const needles = ["/ByteRange", "e-Meterai [", "endstream", "/Type", "obj", "startxref", "%%EOF", "/Contents <"];
    const dir = "test/fixtures/pdf";
    let hits = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".pdf"))) {
      const bytes = readFileSync(`${dir}/${name}`);
      for (const needle of needles) {
        const expected = every((from) => bytes.indexOf(needle, from, "latin1"));
        assert.deepEqual(every((from) => indexOfAscii(bytes, needle, from)), expected, `${needle} in ${name}`);
        hits += expected.length;
      }
    }
    assert.ok(hits > 1000, `the corpus holds the needles (${hits} found)`);
  });

  it("at the edges: a head with no tail at the end, overlapping candidates, and offsets past the end", () => {
    const bytes = Buffer.from("xx/ByteRan/ByteRange/ByteR");
    assert.equal(indexOfAscii(bytes, "/ByteRange"), 10);
    assert.equal(indexOfAscii(bytes, "/ByteRange", 11), -1);
    assert.equal(indexOfAscii(Buffer.from("/Byte/ByteRange"), "/ByteRange"), 5);
    assert.equal(indexOfAscii(Buffer.from("/ByteRangeX"), "/ByteRange", 100), -1);
    assert.equal(indexOfAscii(Buffer.alloc(0), "/ByteRange"), -1);
  });
});
