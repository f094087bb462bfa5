import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateSerial, isWellFormedSerial, normalizeSerial, SERIAL_ALPHABET, SERIAL_LENGTH } from "@/lib/pdf/serial";

describe("e-Meterai serial numbers", () => {
  it("are 22 symbols of the look-alike-free alphabet with a valid check symbol", () => {
    for (let i = 0; i < 200; i++) {
      const serial = generateSerial();
      assert.equal(serial.length, SERIAL_LENGTH);
      assert.match(serial, /^[0-9A-HJKMNP-TV-Z]{22}$/);
      assert.ok(isWellFormedSerial(serial));
    }
  });

  it("reject every single-character substitution", () => {
    for (let n = 0; n < 20; n++) {
      const serial = generateSerial();
      for (let position = 0; position < serial.length; position++) {
        for (const symbol of SERIAL_ALPHABET) {
          if (symbol === serial[position]) continue;
          const typo = serial.slice(0, position) + symbol + serial.slice(position + 1);
          assert.equal(isWellFormedSerial(typo), false, `${typo} accepted`);
        }
      }
    }
  });

  it("reject adjacent transpositions except the documented 0/Z blind spot", () => {
    let missed = 0;
    for (let n = 0; n < 200; n++) {
      const serial = generateSerial();
      for (let i = 0; i + 1 < serial.length; i++) {
        if (serial[i] === serial[i + 1]) continue;
        const swapped = serial.slice(0, i) + serial[i + 1] + serial[i] + serial.slice(i + 2);
        if (isWellFormedSerial(swapped)) {
          missed++;
          assert.deepEqual([serial[i], serial[i + 1]].sort(), ["0", "Z"]);
        }
      }
    }
    assert.ok(missed < 20);
  });

  it("normalise what people type: spaces, lowercase, Crockford aliases", () => {
    const serial = generateSerial();
    const typed = `  ${serial.slice(0, 11).toLowerCase()} ${serial.slice(11)} `;
    assert.equal(normalizeSerial(typed), serial);
    assert.equal(normalizeSerial("o1l-I"), "0111");
    assert.equal(isWellFormedSerial(serial.toLowerCase()), false);
  });
});
