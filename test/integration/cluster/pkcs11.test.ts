// Issue 13, item 1, production path: the signing key in a hardware security module (SoftHSM2 here),
// reached through PKCS#11. Nodes sign with it and publish its certificate; the key is never in the
// database, on disk or in the portal's memory; a stamp verifies VALID on another node.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import forge from "node-forge";
import { TEST_DB, useTestDatabase } from "@/test/helpers/test-database";
import { giveQuota, makeUser } from "@/test/helpers/factories";
import { pdfsigValidations } from "@/test/helpers/pdf-tools";
import { db } from "@/lib/db/client";
import { createPortalPki, pemToDer } from "@/lib/signing/pki";
import { onNode, onePagePdf } from "./cluster-helpers";

const MODULE = "/usr/lib/softhsm/libsofthsm2.so";
const database = useTestDatabase();
const scratch = mkdtempSync(path.join(os.tmpdir(), "emeterai-hsm-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The certificate's subject name as DER (SoftHSM2 requires it on a certificate object). */
function subjectDer(pem: string): Buffer {
  const cert = forge.pki.certificateFromPem(pem);
  // distinguishedNameToAsn1 exists at run time but is missing from @types/node-forge.
  const pki = forge.pki as unknown as { distinguishedNameToAsn1(name: forge.pki.Certificate["subject"]): forge.asn1.Asn1 };
  return Buffer.from(forge.asn1.toDer(pki.distinguishedNameToAsn1(cert.subject)).getBytes(), "binary");
}

/** A SoftHSM2 token of our own (its own config and token folder) holding the key and its certificates. */
function makeToken() {
  const tokens = path.join(scratch, "tokens");
  mkdirSync(tokens);
  const conf = path.join(scratch, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  execFileSync("softhsm2-util", ["--init-token", "--free", "--label", "emeterai", "--pin", "1234", "--so-pin", "56789"], { env, stdio: "ignore" });
  const pki = createPortalPki({ commonName: "Portal e-Meterai HSM" });
  const keyFile = path.join(scratch, "key.pem");
  writeFileSync(keyFile, pki.signingKeyPem);
  execFileSync("softhsm2-util", ["--import", keyFile, "--token", "emeterai", "--label", "portal-signing", "--id", "01", "--pin", "1234"], { env, stdio: "ignore" });
  rmSync(keyFile); // from here on the key exists only inside the token
  // softhsm2-util imports keys only: the certificates are stored with PKCS#11 itself.
  process.env.SOFTHSM2_CONF = conf;
  const pkcs11js = createRequire(import.meta.url)("pkcs11js") as typeof import("pkcs11js");
  const pkcs11 = new pkcs11js.PKCS11();
  pkcs11.load(MODULE);
  pkcs11.C_Initialize();
  try {
    const slot = pkcs11.C_GetSlotList(true)[0];
    const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    pkcs11.C_Login(session, pkcs11js.CKU_USER, "1234");
    for (const [label, pem] of [["portal-signing", pki.signingCertPem], ["portal-root", pki.rootCertPem]]) {
      pkcs11.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_SUBJECT, value: subjectDer(pem) },
        { type: pkcs11js.CKA_VALUE, value: pemToDer(pem) },
      ]);
    }
    pkcs11.C_Logout(session);
    pkcs11.C_CloseSession(session);
  } finally {
    pkcs11.C_Finalize();
  }
  return { conf, pki };
}

describe(`signing with a key in an HSM through PKCS#11 (${database.kind})`, { skip: !existsSync(MODULE) && "SoftHSM2 is not installed" }, () => {
  test("two nodes sign with the token's key, publish its certificate, and a stamp made on one verifies VALID on the other", async () => {
    const { conf, pki } = makeToken();
    const hsm = { SOFTHSM2_CONF: conf, SIGNING_PKCS11_MODULE: MODULE, SIGNING_PKCS11_PIN: "1234", SIGNING_PKCS11_KEY_LABEL: "portal-signing" };
    const node = (name: string) => ({ DATABASE_URL: database.url, DATA_DIR: path.join(scratch, name), ...hsm });

    const identity = await onNode(node("node-a"), ["identity"]);
    assert.equal(identity.publishedPem, `${pki.signingCertPem}${pki.rootCertPem}`.replace(/\r\n/g, "\n"), "the token's chain, leaf first");

    const user = await makeUser("APPLICANT");
    await giveQuota(user.id, 1);
    writeFileSync(path.join(scratch, "in.pdf"), await onePagePdf("Surat pernyataan HSM"));
    const made = await onNode(node("node-a"), ["affix", user.id, path.join(scratch, "in.pdf"), path.join(scratch, "out.pdf"), "hsm-key-0001"]);
    assert.equal(made.serials.length, 1);
    const stamped = readFileSync(path.join(scratch, "out.pdf"));
    assert.deepEqual(pdfsigValidations(stamped), ["Signature is Valid."]);
    assert.equal((await onNode(node("node-b"), ["verify", path.join(scratch, "out.pdf")])).verdict, "VALID");

    assert.equal(existsSync(path.join(scratch, "node-a", "keys")), false, "no key written to disk");
    if (TEST_DB === "postgresql") {
      const row = await db().signingIdentity.findUniqueOrThrow({ where: { id: "portal" } });
      assert.equal(row.source, "PKCS11");
      assert.equal(row.encryptedKeys, null, "the key is not in the database");
      // A node without the HSM is refused: the cluster's key is not one it can load.
      await assert.rejects(onNode({ DATABASE_URL: database.url, DATA_DIR: path.join(scratch, "node-c") }, ["identity"]), /PKCS11 one .* configure it on this node \(SIGNING_PKCS11_MODULE\)/);
    }
  });
});
