/**
 * The part of node:crypto that the PDF reading and signature checking code (lib/pdf/read-signatures.ts,
 * certificate-cache.ts, prefix-hasher.ts, lib/verification/document-facts.ts) uses, for the browser.
 * The browser bundle (scripts/build-bundles.mjs) resolves `node:crypto` to this file, so the very code
 * the server and verify-offline run also runs in a Web Worker: one reader, one set of checks, one judge.
 * Node keeps OpenSSL (its fast path); here:
 *  - createHash: @noble/hashes (synchronous and incremental, with copy(), as PrefixHasher needs);
 *  - X509Certificate: the fields and checks used, read with lib/pdf/der.ts;
 *  - verify: RSA PKCS#1 v1.5 and PSS on BigInt (rsa-verify.ts). The portal signs with RSA only
 *    (lib/signing refuses other keys); an ECDSA key verifies nothing here, which cannot change a
 *    verdict: a signer that is not the portal's is judged NOT_PORTAL_CERTIFICATE before its signature.
 * The facts extractor is synchronous (it is one bounded pass in a worker), which is why the RSA check
 * is too, rather than WebCrypto's asynchronous verify.
 */
import { sha1 } from "@noble/hashes/legacy";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2";
import { childrenOf, content, decodeOid, decodeTime, type DerNode, readNode, slice } from "@/lib/pdf/der";
import { bigintOf, type THashName, type TRsaPublicKey, verifyPkcs1v15, verifyPss } from "./rsa-verify";

type TNobleHash = { update(data: Uint8Array): TNobleHash; digest(): Uint8Array; clone(): TNobleHash };
const CREATE: Record<string, () => TNobleHash> = {
  sha1: () => sha1.create() as unknown as TNobleHash,
  sha256: () => sha256.create() as unknown as TNobleHash,
  sha384: () => sha384.create() as unknown as TNobleHash,
  sha512: () => sha512.create() as unknown as TNobleHash,
};

export class Hash {
  constructor(private readonly state: TNobleHash) {}

  update(data: string | Uint8Array): this {
    this.state.update(typeof data === "string" ? new TextEncoder().encode(data) : data);
    return this;
  }

  digest(): Buffer;
  digest(encoding: "hex" | "base64"): string;
  digest(encoding?: "hex" | "base64"): Buffer | string {
    const bytes = Buffer.from(this.state.digest());
    return encoding ? bytes.toString(encoding) : bytes;
  }

  copy(): Hash {
    return new Hash(this.state.clone());
  }
}

export function createHash(algorithm: string): Hash {
  const create = CREATE[algorithm.toLowerCase()];
  if (!create) throw new Error(`Digest method not supported: ${algorithm}`);
  return new Hash(create());
}

export function randomBytes(size: number): Buffer {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(size)));
}

/**
 * Fills `bytes` (at most 64 KiB, getRandomValues' limit) and returns it, as Node's does. The engine never draws
 * random bytes, but lib/random-bytes.ts (imported through lib/pdf/serial.ts) must resolve here to bundle.
 */
export function randomFillSync<T extends Uint8Array>(bytes: T): T {
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

// ---- public keys and signatures ----

const OID_RSA = "1.2.840.113549.1.1.1";
const OID_RSA_PSS = "1.2.840.113549.1.1.10";
const OID_MGF1 = "1.2.840.113549.1.1.8";
const HASH_OIDS: Record<string, THashName> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};
const RSA_SIGNATURE_OIDS: Record<string, THashName> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
};

export type KeyObject = { type: "rsa" | "rsa-pss"; rsa: TRsaPublicKey } | { type: "unsupported"; algorithm: string };

function publicKeyOf(der: Uint8Array, spki: DerNode): KeyObject {
  const [algorithm, bitString] = childrenOf(der, spki);
  const oid = decodeOid(der, childrenOf(der, algorithm)[0]);
  if (oid !== OID_RSA && oid !== OID_RSA_PSS) return { type: "unsupported", algorithm: oid };
  // BIT STRING: one byte of unused bits, then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
  const keyDer = content(der, bitString).subarray(1);
  const [modulus, exponent] = childrenOf(keyDer, readNode(keyDer, 0));
  const n = bigintOf(content(keyDer, modulus));
  return { type: oid === OID_RSA ? "rsa" : "rsa-pss", rsa: { n, e: bigintOf(content(keyDer, exponent)), bits: n.toString(2).length } };
}

/** node:crypto's verify(algorithm, data, key, signature): PKCS#1 v1.5 for an RSA key, PSS for an RSA-PSS key. */
export function verify(algorithm: string, data: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  const hash = algorithm.toLowerCase() as THashName;
  if (!(hash in RSA_HASH_NAMES) || key.type === "unsupported") return false;
  return key.type === "rsa" ? verifyPkcs1v15(key.rsa, hash, data, signature) : verifyPss(key.rsa, hash, data, signature);
}
const RSA_HASH_NAMES = { sha1: 1, sha256: 1, sha384: 1, sha512: 1 };

/** A certificate's signature algorithm → how to check it. RSASSA-PSS parameters: RFC 4055 §3.1 (defaults SHA-1). */
function signatureCheck(der: Uint8Array, algorithm: DerNode): ((key: KeyObject, data: Uint8Array, signature: Uint8Array) => boolean) | null {
  const [oidNode, params] = childrenOf(der, algorithm);
  const oid = decodeOid(der, oidNode);
  const pkcs1 = RSA_SIGNATURE_OIDS[oid];
  if (pkcs1) return (key, data, signature) => key.type !== "unsupported" && verifyPkcs1v15(key.rsa, pkcs1, data, signature);
  if (oid !== OID_RSA_PSS) return null;
  let hash: THashName = "sha1";
  let mgfHash: THashName = "sha1";
  for (const field of params && params.tag === 0x30 ? childrenOf(der, params) : []) {
    const inner = childrenOf(der, field)[0];
    if (field.tag === 0xa0) hash = HASH_OIDS[decodeOid(der, childrenOf(der, inner)[0])] ?? hash;
    if (field.tag === 0xa1) {
      const [mgfOid, mgfParams] = childrenOf(der, inner);
      if (decodeOid(der, mgfOid) === OID_MGF1 && mgfParams) mgfHash = HASH_OIDS[decodeOid(der, childrenOf(der, mgfParams)[0])] ?? mgfHash;
    }
  }
  return (key, data, signature) => key.type !== "unsupported" && verifyPss(key.rsa, hash, data, signature, mgfHash);
}

// ---- certificates ----

const NAME_KEYS: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "1.2.840.113549.1.9.1": "emailAddress",
};

function stringOf(der: Uint8Array, node: DerNode): string {
  const bytes = content(der, node);
  if (node.tag === 0x0c) return new TextDecoder().decode(bytes);
  if (node.tag === 0x1e) {
    let text = "";
    for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return text;
  }
  return bytes.toString("latin1");
}

/** A Name as node:crypto prints it: one `KEY=value` line per attribute, in order. */
function nameText(der: Uint8Array, name: DerNode): string {
  const lines: string[] = [];
  for (const rdn of childrenOf(der, name)) {
    for (const attribute of childrenOf(der, rdn)) {
      const [type, value] = childrenOf(der, attribute);
      const oid = decodeOid(der, type);
      lines.push(`${NAME_KEYS[oid] ?? oid}=${stringOf(der, value)}`);
    }
  }
  return lines.join("\n");
}

function pemToDer(pem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error("error:0480006C:PEM routines::no start line");
  return Buffer.from(body.replace(/\s+/g, ""), "base64");
}

const isoOf = (date: Date | undefined) => (date && !Number.isNaN(date.getTime()) ? date.toISOString() : "invalid date");

function hexColons(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

export class X509Certificate {
  readonly raw: Buffer;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
  readonly publicKey: KeyObject;
  private readonly subjectDer: Buffer;
  private readonly issuerDer: Buffer;
  private readonly tbsDer: Buffer;
  private readonly signatureValue: Buffer;
  private readonly check: ReturnType<typeof signatureCheck>;

  constructor(encoded: string | Uint8Array) {
    const der = typeof encoded === "string" ? pemToDer(encoded) : Buffer.from(encoded);
    const certificate = readNode(der, 0);
    if (certificate.tag !== 0x30) throw new Error("error:0680007B:asn1 encoding routines::header too long");
    this.raw = slice(der, certificate);
    const [tbs, signatureAlgorithm, signatureValue] = childrenOf(der, certificate);
    const fields = childrenOf(der, tbs);
    const at = fields[0].tag === 0xa0 ? 1 : 0;
    const [serial, , issuer, validity, subject, spki] = fields.slice(at);
    const [notBefore, notAfter] = childrenOf(der, validity);
    this.serialNumber = content(der, serial).toString("hex").toUpperCase();
    this.issuerDer = slice(der, issuer);
    this.subjectDer = slice(der, subject);
    this.issuer = nameText(der, issuer);
    this.subject = nameText(der, subject);
    this.validFrom = isoOf(decodeTime(der, notBefore));
    this.validTo = isoOf(decodeTime(der, notAfter));
    this.fingerprint256 = hexColons(sha256(this.raw));
    this.publicKey = publicKeyOf(der, spki);
    this.tbsDer = slice(der, tbs);
    this.signatureValue = content(der, signatureValue).subarray(1);
    this.check = signatureCheck(der, signatureAlgorithm);
  }

  /** Names match: this certificate's issuer is `other`'s subject (byte for byte, as the portal writes them). */
  checkIssued(other: X509Certificate): boolean {
    return this.issuerDer.equals(other.subjectDer);
  }

  /** This certificate's signature verifies with `publicKey`. */
  verify(publicKey: KeyObject): boolean {
    try {
      return this.check !== null && this.check(publicKey, this.tbsDer, this.signatureValue);
    } catch {
      return false;
    }
  }

  toString(): string {
    const base64 = this.raw.toString("base64").replace(/.{64}/g, "$&\n");
    return `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`;
  }
}
