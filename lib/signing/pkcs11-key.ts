// A signing key kept in a hardware security module, reached through PKCS#11 (SIGNING_PKCS11_MODULE,
// _PIN, _KEY_LABEL): the private key never leaves the module; the portal asks it for each signature
// (CKM_SHA256_RSA_PKCS, the same RSA PKCS#1 v1.5 over SHA-256 as a key in memory). The certificates
// are read from the token: the one labelled like the key is the signing certificate, the others its
// chain. Used in the main thread and in each PDF worker thread (each with its own session).
import { createHash, X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
import { PdfError } from "@/lib/pdf/pdf-error";
import type { Signer } from "@/lib/pdf/signer";

export type TPkcs11Config = { module: string; pin: string; keyLabel: string };

type TPkcs11Module = typeof import("pkcs11js");

export type TPkcs11Key = { sign(data: Uint8Array): Buffer; certChainPem: string[] };

const opened = new Map<string, TPkcs11Key>();

/** Opens the key once per thread (a session, logged in). Throws PdfError("INVALID_SIGNER") saying why. */
export function openPkcs11Key(config: TPkcs11Config): TPkcs11Key {
  const cacheKey = `${config.module}\u0000${config.keyLabel}`;
  const cached = opened.get(cacheKey);
  if (cached) return cached;
  // Loaded only when an HSM is configured: the native module is not needed otherwise.
  const pkcs11js = createRequire(import.meta.url)("pkcs11js") as TPkcs11Module;
  const pkcs11 = new pkcs11js.PKCS11();
  const fail = (why: string): never => {
    throw new PdfError("INVALID_SIGNER", `PKCS#11 (${config.module}): ${why}`);
  };
  try {
    pkcs11.load(config.module);
  } catch (error) {
    fail(`the module cannot be loaded: ${(error as Error).message}`);
  }
  try {
    pkcs11.C_Initialize();
  } catch (error) {
    // Another thread of this process initialized the module already: that is fine.
    if (!/CRYPTOKI_ALREADY_INITIALIZED/.test((error as Error).message)) fail(`C_Initialize failed: ${(error as Error).message}`);
  }
  const label = Buffer.from(config.keyLabel, "utf8");
  for (const slot of pkcs11.C_GetSlotList(true)) {
    const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      pkcs11.C_Login(session, pkcs11js.CKU_USER, config.pin);
    } catch (error) {
      if (!/USER_ALREADY_LOGGED_IN/.test((error as Error).message)) {
        pkcs11.C_CloseSession(session);
        if (/PIN_INCORRECT|PIN_INVALID|PIN_LOCKED/.test((error as Error).message)) fail(`SIGNING_PKCS11_PIN is refused (${(error as Error).message})`);
        continue;
      }
    }
    const find = (template: { type: number; value: number | Buffer }[]) => {
      pkcs11.C_FindObjectsInit(session, template);
      const handles = pkcs11.C_FindObjects(session, 100);
      pkcs11.C_FindObjectsFinal(session);
      return handles;
    };
    const [key] = find([
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    if (!key) {
      pkcs11.C_CloseSession(session);
      continue;
    }
    const certificates = find([{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]).map((handle) => {
      const [value, certLabel] = pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }, { type: pkcs11js.CKA_LABEL }]);
      return { cert: new X509Certificate(value.value as Buffer), label: (certLabel.value as Buffer).toString("utf8") };
    });
    const leaf = certificates.find((c) => c.label === config.keyLabel)?.cert ?? fail(`no certificate labelled "${config.keyLabel}" on the token`);
    const chain = [leaf];
    const rest = certificates.map((c) => c.cert).filter((c) => c !== leaf);
    for (let last = leaf; !last.checkIssued(last); ) {
      const issuer = rest.find((c) => last.checkIssued(c));
      if (!issuer) break;
      chain.push(issuer);
      rest.splice(rest.indexOf(issuer), 1);
      last = issuer;
    }
    const opened_: TPkcs11Key = {
      certChainPem: chain.map((c) => c.toString()),
      sign(data) {
        pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key);
        return pkcs11.C_Sign(session, Buffer.from(data), Buffer.alloc(1024));
      },
    };
    opened.set(cacheKey, opened_);
    return opened_;
  }
  return fail(`no token holds a private key labelled "${config.keyLabel}" (SIGNING_PKCS11_KEY_LABEL)`);
}

/** A Signer whose signatures are made by the HSM. */
export function createPkcs11Signer(config: TPkcs11Config): Signer {
  const key = openPkcs11Key(config);
  const leaf = new X509Certificate(key.certChainPem[0]);
  const modulusLength = leaf.publicKey.asymmetricKeyDetails?.modulusLength;
  if (leaf.publicKey.asymmetricKeyType !== "rsa" || !modulusLength) throw new PdfError("INVALID_SIGNER", "only RSA keys are supported");
  const certChainDer = key.certChainPem.map((pem) => Buffer.from(new X509Certificate(pem).raw));
  return {
    certChainDer,
    signingCertSha256: createHash("sha256").update(certChainDer[0]).digest(),
    sign: (data) => key.sign(data),
    signatureLength: Math.ceil(modulusLength / 8),
    commonName: /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1] ?? "e-Meterai",
  };
}
