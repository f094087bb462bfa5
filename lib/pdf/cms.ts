import { childrenOf, explicit, implicitConstructed, integer, nullValue, octetString, oid, readNode, sequence, setOf, slice, tlv, time, TAG } from "./der";
import type { Signer } from "./signer";

/**
 * CMS SignedData (RFC 5652) for a PDF signature with SubFilter ETSI.CAdES.detached
 * (ISO 32000-2 §12.8.3.4, ETSI EN 319 142-1 PAdES): detached content, SHA-256, signed attributes
 * contentType + messageDigest + signingTime + ESS signingCertificateV2 (RFC 5035), the latter being
 * what makes it CAdES rather than plain PKCS#7. The RSA operation is node:crypto's (OpenSSL); this
 * file only assembles DER.
 */

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
} as const;

const algorithm = (dotted: string): Buffer => sequence(oid(dotted), nullValue());
const attribute = (type: string, value: Buffer): Buffer => sequence(oid(type), setOf(value));

/** IssuerAndSerialNumber / IssuerSerial parts, copied byte-for-byte from the certificate. */
function issuerAndSerialOf(certDer: Buffer): { issuerName: Buffer; serialNumber: Buffer } {
  const certificate = readNode(certDer, 0);
  const tbs = childrenOf(certDer, childrenOf(certDer, certificate)[0]);
  // TBSCertificate starts with an optional [0] EXPLICIT version.
  const offset = tbs[0].tag === 0xa0 ? 1 : 0;
  return { serialNumber: slice(certDer, tbs[offset]), issuerName: slice(certDer, tbs[offset + 2]) };
}

/**
 * ESS signingCertificateV2 (RFC 5035 §3): binds the signer certificate into the signed attributes
 * so it cannot be swapped. hashAlgorithm is omitted because SHA-256 is the DEFAULT.
 */
function signingCertificateV2(signer: Signer, issuerName: Buffer, serialNumber: Buffer): Buffer {
  const generalNames = sequence(tlv(0xa4, issuerName)); // [4] directoryName
  const issuerSerial = sequence(generalNames, serialNumber);
  const essCertIdV2 = sequence(octetString(signer.signingCertSha256), issuerSerial);
  return sequence(sequence(essCertIdV2));
}

export function buildCmsSignature(options: { signer: Signer; contentDigest: Uint8Array; signedAt: Date }): Buffer {
  const { signer } = options;
  const { issuerName, serialNumber } = issuerAndSerialOf(signer.certChainDer[0]);
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, time(options.signedAt)),
    attribute(OID.messageDigest, octetString(options.contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(signer, issuerName, serialNumber)),
  ];
  // The signature covers the attributes encoded as a SET OF (tag 0x31), RFC 5652 §5.4;
  // inside SignerInfo the same bytes carry the [0] IMPLICIT tag instead.
  const signedAttributesSet = setOf(...attributes);
  const signature = signer.sign(signedAttributesSet);
  const signedAttributesImplicit = Buffer.concat([Buffer.from([0xa0]), signedAttributesSet.subarray(1)]);

  const signerInfo = sequence(
    integer(1),
    sequence(issuerName, serialNumber),
    algorithm(OID.sha256),
    signedAttributesImplicit,
    algorithm(OID.rsaEncryption),
    octetString(signature),
  );
  const signedData = sequence(
    integer(1),
    setOf(algorithm(OID.sha256)),
    sequence(oid(OID.data)),
    implicitConstructed(0, ...signer.certChainDer),
    setOf(signerInfo),
  );
  return sequence(oid(OID.signedData), explicit(0, signedData));
}

/**
 * Exact DER length of the CMS this signer produces. Every field has a fixed size (digest, RSA
 * signature = modulus size, UTCTime), so a dry run with a dummy digest gives the real length and
 * lets the /Contents placeholder be sized tightly.
 */
export function measureCmsSignature(signer: Signer): number {
  // Once per signer: the dry run built a whole CMS, about 0.15 ms of every stamp.
  let length = measuredLengths.get(signer);
  if (length === undefined) {
    const dummy: Signer = { ...signer, sign: () => Buffer.alloc(signer.signatureLength, 0xff) };
    length = buildCmsSignature({ signer: dummy, contentDigest: Buffer.alloc(32), signedAt: new Date(Date.UTC(2030, 0, 1)) }).length;
    measuredLengths.set(signer, length);
  }
  return length;
}

const measuredLengths = new WeakMap<Signer, number>();

export { TAG };
