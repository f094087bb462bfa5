import { X509Certificate } from "node:crypto";

/**
 * Parsed certificates, kept by their exact bytes. A committee's batch is thousands of stamps carrying the
 * same two certificates; parsing them anew for every signature was a quarter of verification's CPU time.
 * X509Certificate objects are immutable, so sharing one per distinct encoding is safe. Per thread, bounded.
 */

const MAX_ENTRIES = 256;
const byKey = new Map<string, X509Certificate>();
const pemOf = new WeakMap<X509Certificate, string>();

/** The certificate for a PEM string or DER bytes; throws, like the constructor, for a malformed one. */
export function certificateOf(encoded: string | Uint8Array): X509Certificate {
  const key = typeof encoded === "string" ? encoded : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength).toString("base64");
  const known = byKey.get(key);
  if (known) return known;
  const certificate = new X509Certificate(typeof encoded === "string" ? encoded : Buffer.from(encoded));
  if (byKey.size >= MAX_ENTRIES) byKey.clear();
  byKey.set(key, certificate);
  return certificate;
}

/** The certificate as PEM (X509Certificate.toString re-encodes it on every call). */
export function pemOfCertificate(certificate: X509Certificate): string {
  let pem = pemOf.get(certificate);
  if (pem === undefined) {
    pem = certificate.toString();
    pemOf.set(certificate, pem);
  }
  return pem;
}

const issuedBy = new Map<string, boolean>();

/** Whether `issuer` issued `child` (names match and the signature verifies), remembered per pair. */
export function isIssuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  const key = `${child.fingerprint256}>${issuer.fingerprint256}`;
  const known = issuedBy.get(key);
  if (known !== undefined) return known;
  const answer = child.checkIssued(issuer) && child.verify(issuer.publicKey);
  if (issuedBy.size >= MAX_ENTRIES) issuedBy.clear();
  issuedBy.set(key, answer);
  return answer;
}
