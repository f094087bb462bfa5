import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { copyBytes } from "@/lib/copy-bytes";

describe("copyBytes (into shared memory with a memcpy)", () => {
  it("copies pieces at every alignment into shared and plain memory, touching nothing around them", () => {
    for (const memory of [new SharedArrayBuffer(4096), new ArrayBuffer(4096)]) {
      const target = new Uint8Array(memory).fill(0xee);
      const source = Buffer.alloc(1024 + 16);
      for (let i = 0; i < source.length; i++) source[i] = (i * 7 + 3) & 255;
      // Source and target misaligned against each other: the case V8's relaxed copy does byte by byte.
      let at = 5;
      const expected = Buffer.alloc(4096, 0xee);
      for (const [from, length] of [[3, 1000], [0, 17], [9, 1], [1, 0], [7, 1024]]) {
        const piece = source.subarray(from, from + length);
        assert.equal(copyBytes(target, piece, at), length);
        piece.copy(expected, at);
        at += length;
      }
      assert.ok(Buffer.from(memory).equals(expected), `${memory.constructor.name}: the copy differs`);
    }
  });

  it("copies into a view that starts inside its buffer, relative to the view", () => {
    const view = new Uint8Array(new SharedArrayBuffer(64), 8, 32);
    copyBytes(view, Buffer.from("abc"), 30 - 1);
    assert.equal(Buffer.from(view.buffer).subarray(8 + 29, 8 + 32).toString(), "abc");
    assert.equal(Buffer.from(view.buffer)[8 + 28], 0);
  });

  it("refuses a piece that does not fit, and writes nothing", () => {
    const target = new Uint8Array(new SharedArrayBuffer(8));
    assert.throws(() => copyBytes(target, Buffer.from("123456789"), 0), RangeError);
    assert.throws(() => copyBytes(target, Buffer.from("12"), 7), RangeError);
    assert.throws(() => copyBytes(target, Buffer.from("1"), -1), RangeError);
    assert.ok(Buffer.from(target.buffer).equals(Buffer.alloc(8)));
  });
});
