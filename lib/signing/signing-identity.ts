import "server-only";
// The portal's signing identity. On first start the portal makes its own root CA and signing
// certificate in DATA_DIR/keys (private key readable by the owner only); operators with a
// certificate from a real CA configure a PKCS#12 file instead (SIGNING_P12_PATH).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { createPortalPki, loadPkcs12, splitPemChain } from "./pki";
import { processSingleton } from "@/lib/process-singleton";

export type TSigningIdentity = {
  keyPem: string;
  /** Signing certificate first, then its issuers. */
  certChainPem: string[];
  /** What /.well-known/meterai/certificate.pem publishes: the chain, root last. */
  publishedPem: string;
};

/** The process's signing identity (read once, shared by the front door's bundle and Next's). */
export function getSigningIdentity(): TSigningIdentity {
  return processSingleton("signing-identity", () => {
    const { p12Path, p12Password } = env().signing;
    if (p12Path) {
      const loaded = loadPkcs12({ p12Bytes: readFileSync(p12Path), password: p12Password ?? "" });
      return { keyPem: loaded.signingKeyPem, certChainPem: loaded.chainPem, publishedPem: loaded.chainPem.join("") };
    }
    return loadOrCreateOwnPki(path.join(env().dataDir, "keys"));
  });
}

export function loadOrCreateOwnPki(dir: string): TSigningIdentity {
  const files = { key: path.join(dir, "signing-key.pem"), cert: path.join(dir, "signing-cert.pem"), root: path.join(dir, "root-ca.pem"), rootKey: path.join(dir, "root-ca-key.pem") };
  if (!existsSync(files.key)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pki = createPortalPki({ commonName: "Portal e-Meterai Signing", organization: "Portal e-Meterai" });
    // Written to temporary names and renamed last, so a crash never leaves a key without its certificate.
    const writes: [string, string][] = [
      [files.rootKey, pki.rootKeyPem],
      [files.root, pki.rootCertPem],
      [files.cert, pki.signingCertPem],
      [files.key, pki.signingKeyPem],
    ];
    for (const [file, content] of writes) {
      writeFileSync(`${file}.tmp`, content, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    }
    chmodSync(files.root, 0o644);
    chmodSync(files.cert, 0o644);
  }
  const signingCert = readFileSync(files.cert, "utf8");
  const rootCert = readFileSync(files.root, "utf8");
  const certChainPem = [...splitPemChain(signingCert), ...splitPemChain(rootCert)];
  return { keyPem: readFileSync(files.key, "utf8"), certChainPem, publishedPem: certChainPem.join("\n") + "\n" };
}
