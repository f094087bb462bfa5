import { randomBytes } from "@/lib/random-bytes";

/**
 * e-Meterai serial numbers: 21 random symbols + 1 check symbol = 22 characters.
 *
 * Alphabet: Crockford base32 (no I, L, O, U) so that a serial read off paper cannot be confused
 * (1/I/L, 0/O). The check symbol uses the Luhn mod N algorithm with N = 32, which detects every
 * single-symbol substitution and every adjacent transposition except swapping "0" and "Z"
 * (codepoints 0 and N-1), the same blind spot as Luhn mod 10 has for "09" / "90".
 */

export const SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SERIAL_LENGTH = 22;
const N = SERIAL_ALPHABET.length;
const RANDOM_LENGTH = SERIAL_LENGTH - 1;
const SERIAL_PATTERN = /^[0-9A-HJKMNP-TV-Z]{22}$/;

function codePointOf(ch: string): number {
  return SERIAL_ALPHABET.indexOf(ch);
}

/** Luhn mod N sum, doubling every second symbol counting from the right (ISO/IEC 7812 style). */
function luhnSum(symbols: string, doubleFirstFromRight: boolean): number {
  let sum = 0;
  let factor = doubleFirstFromRight ? 2 : 1;
  for (let i = symbols.length - 1; i >= 0; i--) {
    let addend = factor * codePointOf(symbols[i]);
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
    factor = factor === 2 ? 1 : 2;
  }
  return sum;
}

export function computeCheckCharacter(payload: string): string {
  const remainder = luhnSum(payload, true) % N;
  return SERIAL_ALPHABET[(N - remainder) % N];
}

/** 21 symbols from a CSPRNG: 256 is a multiple of 32, so `byte & 31` is unbiased. */
export function generateSerial(): string {
  const bytes = randomBytes(RANDOM_LENGTH);
  let payload = "";
  for (const byte of bytes) payload += SERIAL_ALPHABET[byte & 31];
  return payload + computeCheckCharacter(payload);
}

/** Strict check: exact alphabet, exact length, valid check symbol. Call normalizeSerial first for typed input. */
export function isWellFormedSerial(value: string): boolean {
  if (typeof value !== "string" || !SERIAL_PATTERN.test(value)) return false;
  return luhnSum(value, false) % N === 0;
}

/**
 * Normalise what a person typed or a scanner read: trim, drop spaces and hyphens used for
 * grouping, uppercase, and map Crockford's documented aliases (O→0, I/L→1) so a misread symbol
 * still verifies. The result is not guaranteed well formed: check it with isWellFormedSerial.
 */
export function normalizeSerial(value: string): string {
  return value
    .trim()
    .replace(/[\s-]+/g, "")
    .toUpperCase()
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}
