// The signing side as the PDF code sees it: made by lib/signing/ (a key in memory, or one kept in an HSM).

/** Everything the CMS builder needs, precomputed once per process (or worker). */
export type Signer = {
  /** Certificates as DER, signing certificate first. */
  certChainDer: Buffer[];
  /** SHA-256 of the signing certificate's DER, for the ESS signingCertificateV2 attribute. */
  signingCertSha256: Buffer;
  /** PKCS#1 v1.5 RSA-SHA256 over `data`, done by OpenSSL. */
  sign(data: Uint8Array): Buffer;
  /** Size in bytes of the raw signature value (the RSA modulus size). */
  signatureLength: number;
  /** The signing certificate's subject common name, shown as the signature's /Name. */
  commonName: string;
};
