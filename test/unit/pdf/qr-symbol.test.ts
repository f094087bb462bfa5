import assert from "node:assert/strict";
import { describe, it } from "node:test";
import QRCode from "qrcode";
import { qrSymbol } from "@/lib/pdf/qr-symbol";

// lib/pdf/qr-symbol.ts scores the eight data masks itself, faster than qrcode: the symbol must be
// qrcode's own, module for module, whatever mask wins. The stamp's QR is read back by zbar in
// stamp-qr.test.ts.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function serial(seed: number): string {
  let s = "";
  let x = seed * 2654435761;
  for (let i = 0; i < 22; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += CROCKFORD[x % 32];
  }
  return s;
}

describe("qrSymbol", () => {
  for (const base of ["https://e-meterai.example.id/v/", "http://127.0.0.1:4151/v/", "https://meterai.go.id/verifikasi/"]) {
    it(`builds qrcode's symbol for 300 verification URLs (${base})`, () => {
      const masks = new Set<number>();
      for (let i = 0; i < 300; i++) {
        const id = serial(i + base.length * 1000);
        const segments = [
          { data: Buffer.from(base, "utf8"), mode: "byte" as const },
          { data: id, mode: "alphanumeric" as const },
        ];
        const theirs = QRCode.create(segments, { errorCorrectionLevel: "M" });
        const ours = qrSymbol(segments);
        assert.equal(ours.size, theirs.modules.size);
        assert.deepEqual(Buffer.from(ours.dark), Buffer.from(theirs.modules.data), `${base}${id}: mask ${theirs.maskPattern}`);
        masks.add(theirs.maskPattern as number);
      }
      // The comparison covered symbols won by several masks, not one.
      assert.ok(masks.size >= 4, `masks seen: ${[...masks].join(", ")}`);
    });
  }

  it("builds qrcode's symbol from a plain string too", () => {
    for (const text of ["https://e-meterai.example.id/v/" + serial(7), "x", "A".repeat(120)]) {
      assert.deepEqual(Buffer.from(qrSymbol(text).dark), Buffer.from(QRCode.create(text, { errorCorrectionLevel: "M" }).modules.data));
    }
  });
});
