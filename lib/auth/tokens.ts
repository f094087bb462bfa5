import { createHash, randomBytes } from "node:crypto";

/** A random secret for a cookie or an API token, and the hash that is stored instead of it. */
export function newSecret(prefix = ""): { secret: string; hash: string } {
  const secret = prefix + randomBytes(32).toString("base64url");
  return { secret, hash: hashSecret(secret) };
}

// SHA-256 is enough here (unlike passwords): the secrets are 256 random bits, not guessable words.
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
