import "server-only";
// The portal's signing identity. A single node on SQLite makes its own root CA and signing
// certificate in DATA_DIR/keys on first start (private key readable by the owner only); nodes sharing
// PostgreSQL share one identity registered in the database; operators with a certificate from a real
// CA configure a PKCS#12 file instead (SIGNING_P12_PATH).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import type { Signer } from "@/lib/pdf/signer";
import { createPortalPki, createSigner, loadPkcs12, splitPemChain } from "./pki";
import { createPkcs11Signer, openPkcs11Key, type TPkcs11Config } from "./pkcs11-key";
import { processSingleton, setProcessSingleton } from "@/lib/process-singleton";
import { loadClusterIdentity } from "./cluster-identity";

export type TSigningIdentity = {
  /** The private key in memory, or (pkcs11) where the HSM keeps it: exactly one of the two. */
  keyPem?: string;
  pkcs11?: TPkcs11Config;
  /** Signing certificate first, then its issuers. */
  certChainPem: string[];
  /** What /.well-known/meterai/certificate.pem publishes: the chain, root last. */
  publishedPem: string;
};

/**
 * The process's signing identity (loaded once, shared by the front door's bundle and Next's). On
 * PostgreSQL every node shares one identity registered in the database (cluster-identity.ts); a
 * failed load is not kept, so a database that was down at start is asked again on the next use.
 */
export function getSigningIdentity(): Promise<TSigningIdentity> {
  const loading = processSingleton("signing-identity", () => {
    const promise = resolveIdentity();
    promise.catch(() => setProcessSingleton("signing-identity", undefined));
    return promise;
  });
  return loading;
}

async function resolveIdentity(): Promise<TSigningIdentity> {
  const { p12Path, p12Password, keyPassphrase, pkcs11 } = env().signing;
  // An identity the operator configured (a PKCS#12 file, or an HSM), rather than the portal's own CA.
  const configured = p12Path ? readP12(p12Path, p12Password ?? "") : pkcs11 ? fromHsm(pkcs11) : null;
  const keysDir = path.join(env().dataDir, "keys");
  if (env().databaseKind === "sqlite") return configured ?? loadOrCreateOwnPki(keysDir);
  const registered = await loadClusterIdentity({
    passphrase: keyPassphrase,
    configured: configured ? { source: pkcs11 ? "PKCS11" : "P12", publishedPem: configured.publishedPem } : undefined,
    createOwn: () => {
      // A single node moving to PostgreSQL keeps the CA its stamps were signed with; otherwise a new one.
      const own = existsSync(path.join(keysDir, "signing-key.pem")) ? loadOrCreateOwnPki(keysDir) : ownPkiInMemory();
      return { source: "OWN_CA", publishedPem: own.publishedPem, keys: { signingKeyPem: own.keyPem, rootKeyPem: own.rootKeyPem } };
    },
  });
  if (registered.registeredHere) console.log(`[signing] registered this node's ${registered.source} signing identity for the cluster`);
  if (configured) return configured;
  const certChainPem = splitPemChain(registered.publishedPem);
  return { keyPem: registered.keys!.signingKeyPem, certChainPem, publishedPem: registered.publishedPem };
}

/** The HSM's certificates; its key stays there (every signature is asked of it). */
function fromHsm(config: TPkcs11Config): TSigningIdentity {
  const { certChainPem } = openPkcs11Key(config);
  return { pkcs11: config, certChainPem, publishedPem: certChainPem.join("") };
}

/** A signer for this thread: the key in memory, or a session with the HSM. */
export function signerFor(identity: Pick<TSigningIdentity, "keyPem" | "pkcs11" | "certChainPem">): Signer {
  if (identity.pkcs11) return createPkcs11Signer(identity.pkcs11);
  return createSigner({ keyPem: identity.keyPem!, certChainPem: identity.certChainPem });
}

function readP12(p12Path: string, password: string): TSigningIdentity {
  const loaded = loadPkcs12({ p12Bytes: readFileSync(p12Path), password });
  return { keyPem: loaded.signingKeyPem, certChainPem: loaded.chainPem, publishedPem: loaded.chainPem.join("") };
}

function ownPkiInMemory(): TSigningIdentity & { keyPem: string; rootKeyPem: string } {
  const pki = createPortalPki({ commonName: "Portal e-Meterai Signing", organization: "Portal e-Meterai" });
  const certChainPem = [...splitPemChain(pki.signingCertPem), ...splitPemChain(pki.rootCertPem)];
  return { keyPem: pki.signingKeyPem, certChainPem, publishedPem: certChainPem.join("\n") + "\n", rootKeyPem: pki.rootKeyPem };
}

export function loadOrCreateOwnPki(dir: string): TSigningIdentity & { keyPem: string; rootKeyPem: string | null } {
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
  const rootKeyPem = existsSync(files.rootKey) ? readFileSync(files.rootKey, "utf8") : null;
  return { keyPem: readFileSync(files.key, "utf8"), certChainPem, publishedPem: certChainPem.join("\n") + "\n", rootKeyPem };
}
