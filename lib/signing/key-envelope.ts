// Private keys at rest in the shared database: AES-256-GCM under a key derived from the operator's
// passphrase with scrypt. The envelope carries its own parameters, so they can be raised later without
// breaking identities registered before. Pure: no database, no env.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { z } from "zod";

const ZEnvelope = z.object({
  v: z.literal(1),
  kdf: z.literal("scrypt"),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});

// N = 2^15 (32 MiB, about 100 ms here): paid once per node start, and slows a guessing attacker.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize("NFC"), salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 });
}

/** `aad` binds the ciphertext to what it belongs to (the identity's leaf certificate hash). */
export function sealWithPassphrase(plaintext: string, passphrase: string, aad: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const envelope: z.infer<typeof ZEnvelope> = {
    v: 1,
    kdf: "scrypt",
    ...SCRYPT,
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  };
  return JSON.stringify(envelope);
}

/** The plaintext, or null when the passphrase (or the envelope, or its `aad`) is wrong. */
export function openWithPassphrase(sealed: string, passphrase: string, aad: string): string | null {
  let envelope: z.infer<typeof ZEnvelope>;
  try {
    envelope = ZEnvelope.parse(JSON.parse(sealed));
  } catch {
    return null;
  }
  try {
    const key = deriveKey(passphrase, Buffer.from(envelope.salt, "base64"), envelope);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(envelope.iv, "base64"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
