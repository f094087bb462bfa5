import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { PdfError } from "@/lib/pdf/pdf-error";
import type { Signer } from "@/lib/pdf/signer";

/**
 * Key material for the portal's signatures. Keys come from node:crypto (native, fast); node-forge
 * only assembles certificates and reads PKCS#12 files. The TBS certificate is signed natively too,
 * because forge's JavaScript RSA is ~100x slower than OpenSSL.
 */

export type PortalPki = {
  rootCertPem: string;
  rootKeyPem: string;
  signingCertPem: string;
  signingKeyPem: string;
};

const OID_DOCUMENT_SIGNING = "1.3.6.1.4.1.311.10.3.12";
const DAY_MS = 24 * 60 * 60 * 1000;

function generateRsaKeyPem(modulusLength: number): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** Positive serial (first bit cleared), 16 random bytes as RFC 5280 §4.1.2.2 recommends. */
function randomCertSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return bytes.toString("hex");
}

/** Sign the TBSCertificate with node:crypto and attach the signature to the forge certificate. */
function signCertificateNatively(cert: forge.pki.Certificate, issuerKeyPem: string): string {
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  // forge's certificate model has this field but its typings omit it.
  (cert as unknown as { md: forge.md.MessageDigest }).md = forge.md.sha256.create();
  // getTBSCertificate exists at run time but is missing from @types/node-forge.
  const pkiWithTbs = forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  const tbsDer = forge.asn1.toDer(pkiWithTbs.getTBSCertificate(cert)).getBytes();
  const signature = sign("sha256", Buffer.from(tbsDer, "binary"), issuerKeyPem);
  cert.signature = signature.toString("binary");
  return forge.pki.certificateToPem(cert);
}

type CertificateSpec = {
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  publicKeyPem: string;
  issuerKeyPem: string;
  validYears: number;
  extensions: object[];
};

function buildCertificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.publicKeyPem);
  cert.serialNumber = randomCertSerialHex();
  // Back-date by a day so clocks slightly behind still accept a fresh certificate.
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(notBefore.getTime() + spec.validYears * 365 * DAY_MS);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions(spec.extensions);
  return signCertificateNatively(cert, spec.issuerKeyPem);
}

/**
 * A self-made root CA (RSA 3072, 10 years) and a document-signing certificate (RSA 2048, 3 years)
 * issued by it. Suited to development and to a portal that publishes its own root for verifiers.
 */
export function createPortalPki(options: { commonName: string; organization?: string }): PortalPki {
  const organization = options.organization ?? "e-Meterai Portal";
  const root = generateRsaKeyPem(3072);
  const leaf = generateRsaKeyPem(2048);
  const rootName = [
    { name: "commonName", value: `${options.commonName} Root CA` },
    { name: "organizationName", value: organization },
    { name: "countryName", value: "ID" },
  ];
  const leafName = [
    { name: "commonName", value: options.commonName },
    { name: "organizationName", value: organization },
    { name: "countryName", value: "ID" },
  ];
  const rootCertPem = buildCertificate({
    subject: rootName,
    issuer: rootName,
    publicKeyPem: root.publicKeyPem,
    issuerKeyPem: root.privateKeyPem,
    validYears: 10,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
    ],
  });
  const signingCertPem = buildCertificate({
    subject: leafName,
    issuer: rootName,
    publicKeyPem: leaf.publicKeyPem,
    issuerKeyPem: root.privateKeyPem,
    validYears: 3,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
      { name: "extKeyUsage", [OID_DOCUMENT_SIGNING]: true, emailProtection: true },
      { name: "subjectKeyIdentifier" },
    ],
  });
  return { rootCertPem, rootKeyPem: root.privateKeyPem, signingCertPem, signingKeyPem: leaf.privateKeyPem };
}

/** Read an operator's PKCS#12 (.p12/.pfx) from a real CA: the key and its chain, leaf first. */
export function loadPkcs12(options: { p12Bytes: Uint8Array; password: string }): {
  signingKeyPem: string;
  chainPem: string[];
} {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.util.createBuffer(Buffer.from(options.p12Bytes).toString("binary"));
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), options.password);
  } catch (error) {
    throw new PdfError("INVALID_SIGNER", `PKCS#12 could not be opened: ${(error as Error).message}`);
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((bag) => bag.key)?.key;
  if (!key) throw new PdfError("INVALID_SIGNER", "PKCS#12 holds no private key");
  const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => Boolean(cert))
    .map((cert) => forge.pki.certificateToPem(cert));
  const signingKeyPem = createPrivateKey(forge.pki.privateKeyToPem(key)).export({ type: "pkcs8", format: "pem" }).toString();
  return { signingKeyPem, chainPem: orderChain(signingKeyPem, certs) };
}

/** Leaf (the certificate matching the key) first, then each issuer in turn; leftovers at the end. */
function orderChain(keyPem: string, certPems: string[]): string[] {
  const certs = certPems.map((pem) => new X509Certificate(pem));
  const privateKey = createPrivateKey(keyPem);
  const leafIndex = certs.findIndex((cert) => cert.checkPrivateKey(privateKey));
  if (leafIndex < 0) throw new PdfError("INVALID_SIGNER", "no certificate matches the private key");
  const ordered = [certs[leafIndex]];
  const rest = certs.filter((_, i) => i !== leafIndex);
  while (rest.length > 0) {
    const last = ordered[ordered.length - 1];
    const issuerIndex = rest.findIndex((cert) => last.checkIssued(cert) && cert !== last);
    if (issuerIndex < 0 || last.checkIssued(last)) break;
    ordered.push(rest.splice(issuerIndex, 1)[0]);
  }
  return [...ordered, ...rest].map((cert) => cert.toString());
}

export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END)[^-]+-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}

export function splitPemChain(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export function createSigner(options: { keyPem: string; certChainPem: string[] }): Signer {
  const certChainPem = options.certChainPem.flatMap((pem) => splitPemChain(pem));
  if (certChainPem.length === 0) throw new PdfError("INVALID_SIGNER", "no certificate given");
  let privateKey;
  try {
    privateKey = createPrivateKey(options.keyPem);
  } catch (error) {
    throw new PdfError("INVALID_SIGNER", `private key unreadable: ${(error as Error).message}`);
  }
  const leaf = new X509Certificate(certChainPem[0]);
  if (!leaf.checkPrivateKey(privateKey)) throw new PdfError("INVALID_SIGNER", "first certificate does not match the key");
  if (privateKey.asymmetricKeyType !== "rsa") throw new PdfError("INVALID_SIGNER", "only RSA keys are supported");
  const certChainDer = certChainPem.map(pemToDer);
  const modulusLength = privateKey.asymmetricKeyDetails?.modulusLength ?? 2048;
  return {
    certChainDer,
    signingCertSha256: createHash("sha256").update(certChainDer[0]).digest(),
    sign: (data) => sign("sha256", data, privateKey),
    signatureLength: Math.ceil(modulusLength / 8),
    commonName: /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1] ?? "e-Meterai",
  };
}
