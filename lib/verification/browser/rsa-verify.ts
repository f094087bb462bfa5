/**
 * RSA signature verification (RFC 8017 §8.2.2 RSASSA-PKCS1-v1_5 and §8.1.2 RSASSA-PSS) on the
 * platform's BigInt, synchronous so the one facts extractor (document-facts.ts) runs unchanged in a
 * browser worker. Only public data is handled here (a public key, a signature, a digest), so there is no
 * secret for a timing difference to leak. The hashes are @noble/hashes'.
 */
import { sha1 } from "@noble/hashes/legacy";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2";

export type THashName = "sha1" | "sha256" | "sha384" | "sha512";
export type TRsaPublicKey = { n: bigint; e: bigint; bits: number };

type THashFn = ((data: Uint8Array) => Uint8Array) & { outputLen: number };
export const HASHES: Record<THashName, THashFn> = { sha1, sha256, sha384, sha512 };

/** DigestInfo DER prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<THashName, number[]> = {
  sha1: [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
  sha256: [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
  sha384: [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30],
  sha512: [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40],
};

export function bigintOf(bytes: Uint8Array): bigint {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex ? BigInt(`0x${hex}`) : 0n;
}

function bytesOf(value: bigint, length: number): Uint8Array | null {
  const hex = value.toString(16);
  if (hex.length > length * 2) return null;
  const padded = hex.padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** s^e mod n as the k-byte encoded message, or null when the signature is out of range. */
function openSignature(key: TRsaPublicKey, signature: Uint8Array, length: number): Uint8Array | null {
  const k = Math.ceil(key.bits / 8);
  // OpenSSL accepts a signature shorter than the modulus (leading zero bytes dropped), never a longer one.
  if (signature.length === 0 || signature.length > k || key.n <= 1n) return null;
  const s = bigintOf(signature);
  if (s >= key.n) return null;
  return bytesOf(modPow(s, key.e, key.n), length);
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

export function verifyPkcs1v15(key: TRsaPublicKey, hash: THashName, data: Uint8Array, signature: Uint8Array): boolean {
  const k = Math.ceil(key.bits / 8);
  const em = openSignature(key, signature, k);
  if (!em) return false;
  const t = [...DIGEST_INFO[hash], ...HASHES[hash](data)];
  if (k < t.length + 11) return false;
  const expected = new Uint8Array(k);
  expected[1] = 0x01;
  expected.fill(0xff, 2, k - t.length - 1);
  expected.set(t, k - t.length);
  return equal(em, expected);
}

function mgf1(hash: THashFn, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, at = 0; at < length; counter++) {
    const block = hash(new Uint8Array([...seed, counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]));
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

/** EMSA-PSS-VERIFY with the salt length recovered from the message (OpenSSL's "auto" on verify). */
export function verifyPss(key: TRsaPublicKey, hash: THashName, data: Uint8Array, signature: Uint8Array, mgfHash: THashName = hash): boolean {
  const h = HASHES[hash];
  const emBits = key.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = openSignature(key, signature, emLen);
  if (!em) return false;
  const hLen = h.outputLen;
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const hPrime = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  if (topBits > 0 && maskedDb[0] >> (8 - topBits) !== 0) return false;
  const db = mgf1(HASHES[mgfHash], hPrime, maskedDb.length).map((m, i) => m ^ maskedDb[i]);
  if (topBits > 0) db[0] &= 0xff >> topBits;
  let separator = 0;
  while (separator < db.length && db[separator] === 0) separator++;
  if (separator >= db.length || db[separator] !== 0x01) return false;
  const salt = db.subarray(separator + 1);
  const mPrime = new Uint8Array([...new Uint8Array(8), ...h(data), ...salt]);
  return equal(h(mPrime), hPrime);
}
