// Issue 13, item 1: one signing identity for every node that shares a PostgreSQL database.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { TEST_DB, useTestDatabase } from "@/test/helpers/test-database";
import { giveQuota, makeUser } from "@/test/helpers/factories";
import { db } from "@/lib/db/client";
import { loadClusterIdentity, SigningIdentityRefused } from "@/lib/signing/cluster-identity";
import { createPortalPki } from "@/lib/signing/pki";
import { onNode as onNodeWith, onePagePdf } from "./cluster-helpers";

const database = useTestDatabase();
const scratch = mkdtempSync(path.join(os.tmpdir(), "emeterai-cluster-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs node-process.ts as its own process, with its own DATA_DIR (its own "machine"). */
function onNode(name: string, args: string[]) {
  return onNodeWith({ DATABASE_URL: database.url, DATA_DIR: path.join(scratch, name), SIGNING_KEY_PASSPHRASE: "cluster-test-passphrase" }, args);
}

describe("one signing identity per cluster (postgresql)", { skip: TEST_DB !== "postgresql" && "PostgreSQL only: SQLite is one node" }, () => {
  test("two nodes starting at once on a fresh database agree on one identity, and a stamp from one verifies VALID on the other", async () => {
    const [a, b] = await Promise.all([onNode("node-a", ["identity"]), onNode("node-b", ["identity"])]);
    assert.match(a.publishedPem, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(a.publishedPem, b.publishedPem, "certificate.pem is byte-identical on both nodes");
    assert.equal(await db().signingIdentity.count(), 1);

    const row = await db().signingIdentity.findUniqueOrThrow({ where: { id: "portal" } });
    assert.equal(row.source, "OWN_CA");
    assert.doesNotMatch(row.encryptedKeys!, /PRIVATE KEY/, "the keys are stored encrypted");

    const user = await makeUser("APPLICANT");
    await giveQuota(user.id, 2);
    const input = path.join(scratch, "input.pdf");
    writeFileSync(input, await onePagePdf("Surat pernyataan"));
    const file = path.join(scratch, "stamped.pdf");
    const stamped = await onNode("node-a", ["affix", user.id, input, file, "cluster-key-1"]);
    assert.equal(stamped.serials.length, 1);
    const verified = await onNode("node-b", ["verify", file]);
    assert.equal(verified.verdict, "VALID", JSON.stringify(verified.reason));
  });

  test("a node with another passphrase, or configured with another identity, is refused with one line saying why", async () => {
    await assert.rejects(
      loadClusterIdentity({ passphrase: "not-the-cluster-passphrase", createOwn: () => assert.fail("must not create") }),
      (error: Error) => error instanceof SigningIdentityRefused && /SIGNING_KEY_PASSPHRASE does not decrypt/.test(error.message) && !error.message.includes("\n"),
    );
    await assert.rejects(
      loadClusterIdentity({ passphrase: undefined, createOwn: () => assert.fail("must not create") }),
      (error: Error) => error instanceof SigningIdentityRefused && /SIGNING_KEY_PASSPHRASE is required/.test(error.message),
    );
    const other = createPortalPki({ commonName: "Another Portal" });
    const otherPem = `${other.signingCertPem}${other.rootCertPem}`;
    await assert.rejects(
      loadClusterIdentity({ passphrase: "cluster-test-passphrase", configured: { source: "P12", publishedPem: otherPem }, createOwn: () => assert.fail("must not create") }),
      (error: Error) => error instanceof SigningIdentityRefused && /is not the cluster's registered OWN_CA identity/.test(error.message),
    );
    const good = await loadClusterIdentity({ passphrase: "cluster-test-passphrase", createOwn: () => assert.fail("must not create") });
    assert.match(good.keys!.signingKeyPem, /PRIVATE KEY/);
    assert.equal(good.registeredHere, false);
  });
});
