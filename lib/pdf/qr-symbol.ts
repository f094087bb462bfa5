import QRCode, { type QRCodeSegment } from "qrcode";

/**
 * A QR symbol at error correction level M, module for module the one `QRCode.create` builds, with the
 * data mask chosen faster. ISO/IEC 18004 §7.8.3 picks the mask by scoring all eight against four
 * penalty rules; qrcode does so with a method call per module read, which was most of its time (about
 * 0.23 of its 0.26 ms per stamp, microbenchmark of the stamp's segments, 2026-12-01; this takes 0.16 ms).
 * Here qrcode builds the symbol with mask 0, and the eight candidates are scored on plain arrays by the
 * same rules, with the same tie-break (the lowest mask). test/unit/pdf/qr-symbol.test.ts compares the result with qrcode's own, symbol for symbol.
 */

export type TQrSymbol = { size: number; dark: Uint8Array };

// Level M's two bits are 00 (Table 12), so the format's five data bits are the mask alone.
const G15 = 0b10100110111;
const G15_MASK = 0b101010000010010;
const FORMAT_BITS = Array.from({ length: 8 }, (_, mask) => {
  let remainder = mask << 10;
  for (let bit = 14; bit >= 10; bit--) if (remainder & (1 << bit)) remainder ^= G15 << (bit - 10);
  return ((mask << 10) | remainder) ^ G15_MASK;
});

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

export function qrSymbol(data: string | QRCodeSegment[]): TQrSymbol {
  const built = QRCode.create(data, { errorCorrectionLevel: "M", maskPattern: 0 });
  const { size, data: masked, reservedBit } = built.modules as unknown as { size: number; data: Uint8Array; reservedBit: Uint8Array };
  const flips = flipsFromMask0(size, reservedBit);
  let best: Uint8Array = masked;
  let lowest = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const candidate = masked.slice();
    const flip = flips[mask];
    for (let f = 0; f < flip.length; f++) candidate[flip[f]] ^= 1;
    writeFormat(candidate, size, FORMAT_BITS[mask]);
    const score = penalty(candidate, size);
    if (score < lowest) {
      lowest = score;
      best = candidate;
    }
  }
  return { size, dark: best };
}

/**
 * Per mask, the data modules that differ from mask 0 (where exactly one of the two is dark): what turns
 * the symbol qrcode built into that mask's. The function modules, and so these, depend only on the size.
 */
const flipCache = new Map<number, Uint32Array[]>();
function flipsFromMask0(size: number, reserved: Uint8Array): Uint32Array[] {
  let flips = flipCache.get(size);
  if (!flips) {
    flips = MASKS.map((mask) => {
      const at: number[] = [];
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) if (!reserved[i * size + j] && MASKS[0](i, j) !== mask(i, j)) at.push(i * size + j);
      return Uint32Array.from(at);
    });
    flipCache.set(size, flips);
  }
  return flips;
}

/** The format information's two copies, where qrcode puts them (its setupFormatInfo), and the dark module. */
function writeFormat(modules: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const bit = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    modules[row * size + 8] = bit;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
    modules[8 * size + col] = bit;
  }
  modules[(size - 8) * size + 8] = 1;
}

/**
 * The four penalty rules (§7.8.3.1), computed as qrcode computes them: rules 1 and 3 along every row and
 * every column (read in place, with a stride), rule 2 over 2×2 blocks, rule 4 on the share of dark modules.
 */
function penalty(m: Uint8Array, size: number): number {
  let points = 0;
  for (let i = 0; i < size; i++) points += line(m, i * size, 1, size) + line(m, i, size, size);
  let blocks = 0;
  let dark = 0;
  for (let row = 0; row < size - 1; row++) {
    for (let at = row * size, end = at + size - 1; at < end; at++) {
      const sum = m[at] + m[at + 1] + m[at + size] + m[at + size + 1];
      if (sum === 0 || sum === 4) blocks++;
    }
  }
  for (let at = 0; at < m.length; at++) dark += m[at];
  const k = Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10);
  return points + blocks * 3 + k * 10;
}

/** Rules 1 and 3 along one line of modules: runs of five or more alike, and the 1:1:3:1:1 finder-like pattern with four light modules on one side. */
function line(m: Uint8Array, start: number, step: number, size: number): number {
  let points = 0;
  let last = m[start];
  let run = 1;
  let bits = last;
  for (let i = 1, at = start + step; i < size; i++, at += step) {
    const v = m[at];
    if (v === last) run++;
    else {
      if (run >= 5) points += run - 2;
      last = v;
      run = 1;
    }
    bits = ((bits << 1) & 0x7ff) | v;
    if (i >= 10 && (bits === 0x5d0 || bits === 0x05d)) points += 40;
  }
  if (run >= 5) points += run - 2;
  return points;
}
