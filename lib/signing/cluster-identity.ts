import "server-only";
// One signing identity for every node that shares a PostgreSQL database. The first node to start
// registers it (a unique row: concurrent first starts insert-or-read, so they all end up with the
// winner's); every later node loads it. A node that cannot decrypt it, or that is configured with
// another identity than the registered one, refuses to start (SigningIdentityRefused).
import { createHash, X509Certificate } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { readStoredJson } from "@/lib/db/stored-json";
import { isUniqueViolation } from "@/lib/db/database-errors";
import { openWithPassphrase, sealWithPassphrase } from "./key-envelope";
import { splitPemChain } from "./pki";

const ROW_ID = "portal";

export type TIdentitySource = "OWN_CA" | "P12" | "PKCS11";

/** What a node brings: keys it made or read (OWN_CA, to register), or a chain whose key lives elsewhere. */
export type TCandidateIdentity = {
  source: TIdentitySource;
  publishedPem: string;
  /** OWN_CA only: the signing key and the root CA's key, sealed with the passphrase before they are stored. */
  keys?: { signingKeyPem: string; rootKeyPem: string | null };
};

export type TRegisteredIdentity = {
  source: TIdentitySource;
  publishedPem: string;
  keys: { signingKeyPem: string; rootKeyPem: string | null } | null;
  /** True when this node registered it (it was the first). */
  registeredHere: boolean;
};

/** A start that must not go on; `message` is one line saying why and what to do. */
export class SigningIdentityRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningIdentityRefused";
  }
}

export function leafSha256(publishedPem: string): string {
  const leaf = splitPemChain(publishedPem)[0];
  if (!leaf) throw new SigningIdentityRefused("the signing identity has no certificate");
  return createHash("sha256").update(new X509Certificate(leaf).raw).digest("hex");
}

/**
 * Loads the cluster's identity, registering `candidate()` first when none is registered yet.
 * `configured`: the identity this node is configured with (P12, PKCS#11), which must be the registered one.
 */
export async function loadClusterIdentity(options: {
  passphrase: string | undefined;
  configured?: TCandidateIdentity;
  /** Makes the identity to register when there is none and none is configured (the own CA). */
  createOwn: () => TCandidateIdentity;
}): Promise<TRegisteredIdentity> {
  let row = await readRow();
  let registeredHere = false;
  if (!row) {
    const candidate = options.configured ?? options.createOwn();
    const fingerprint = leafSha256(candidate.publishedPem);
    let encryptedKeys: string | null = null;
    if (candidate.keys) {
      if (!options.passphrase) throw new SigningIdentityRefused("SIGNING_KEY_PASSPHRASE is required to register the cluster's signing key in the database (or set SIGNING_P12_PATH or SIGNING_PKCS11_MODULE)");
      encryptedKeys = sealWithPassphrase(JSON.stringify(candidate.keys), options.passphrase, fingerprint);
    }
    try {
      await db().signingIdentity.create({
        data: { id: ROW_ID, source: candidate.source, certChainPem: candidate.publishedPem, leafSha256: fingerprint, encryptedKeys },
        select: { id: true },
      });
      registeredHere = true;
    } catch (error) {
      // Another node registered first (the unique row): everyone uses the winner's identity.
      if (!isUniqueViolation(error)) throw error;
    }
    row = await readRow();
    if (!row) throw new Error("the signing identity vanished right after it was registered");
  }
  const source = row.source as TIdentitySource;
  if (options.configured) {
    const mine = leafSha256(options.configured.publishedPem);
    if (mine !== row.leafSha256) {
      throw new SigningIdentityRefused(
        `this node's ${options.configured.source} signing certificate (sha256 ${mine.slice(0, 16)}…) is not the cluster's registered ${source} identity (sha256 ${row.leafSha256.slice(0, 16)}…); configure the same identity on every node`,
      );
    }
    return { source, publishedPem: row.certChainPem, keys: null, registeredHere };
  }
  if (!row.encryptedKeys) {
    throw new SigningIdentityRefused(`the cluster's signing identity is a ${source} one (sha256 ${row.leafSha256.slice(0, 16)}…) whose key is not in the database; configure it on this node (${source === "P12" ? "SIGNING_P12_PATH" : "SIGNING_PKCS11_MODULE"})`);
  }
  if (!options.passphrase) throw new SigningIdentityRefused("SIGNING_KEY_PASSPHRASE is required: the cluster's signing key in the database is encrypted with it");
  const opened = openWithPassphrase(row.encryptedKeys, options.passphrase, row.leafSha256);
  if (opened === null) throw new SigningIdentityRefused("SIGNING_KEY_PASSPHRASE does not decrypt the cluster's signing key registered in the database (use the passphrase the first node was started with)");
  const keys = readStoredJson(ZSealedKeys, opened, "signing keys");
  return { source, publishedPem: row.certChainPem, keys, registeredHere };
}

/** What the envelope in the database holds, once opened. */
const ZSealedKeys = z.object({ signingKeyPem: z.string(), rootKeyPem: z.string().nullable() });

function readRow() {
  return db().signingIdentity.findUnique({ where: { id: ROW_ID }, select: { source: true, certChainPem: true, leafSha256: true, encryptedKeys: true } });
}
