import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as f from "./fixtures";

// The offline verifier as a committee would run it: the single bundled file copied into an empty
// folder (no node_modules, no portal), in a network namespace with no network at all when the
// machine allows it, with DATABASE_URL pointing nowhere.
const ROOT = new URL("../../../", import.meta.url).pathname;
const hasUnshare = spawnSync("unshare", ["-n", "true"]).status === 0;

describe("offline verification (bundled, no network, no database)", () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "verify-offline-"));
    execFileSync("node", ["scripts/build-bundles.mjs"], { cwd: ROOT, stdio: "pipe" });
    copyFileSync(join(ROOT, ".build/verify-offline.mjs"), join(dir, "verify-offline.mjs"));
    const pki = f.makePki();
    writeFileSync(join(dir, "certificate.pem"), pki.anchorsPem);
    const stamped = await f.stamp(f.corpus("normal.pdf"), pki.signer);
    writeFileSync(join(dir, "valid.pdf"), stamped.pdf);
    writeFileSync(join(dir, "tampered.pdf"), f.flipByteInSignedRange(stamped.pdf, stamped.revisions[0].byteRange));
    writeFileSync(join(dir, "resaved.pdf"), f.resaveWithQpdf(stamped.pdf));
    writeFileSync(join(dir, "plain.pdf"), f.corpus("normal.pdf"));
    writeFileSync(join(dir, "forged.pdf"), (await f.stamp(f.corpus("normal.pdf"), f.makePki("Forger").signer)).pdf);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each file its verdict, checks the serial's check character, and says the registry was not consulted", () => {
    const files = ["valid.pdf", "tampered.pdf", "resaved.pdf", "plain.pdf", "forged.pdf"];
    const command = hasUnshare ? "unshare" : "node";
    const args = [...(hasUnshare ? ["-n", "node"] : []), "verify-offline.mjs", "--cert", "certificate.pem", "--json", ...files];
    const run = spawnSync(command, args, { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "", DATABASE_URL: "postgresql://nowhere.invalid:1/none" } as unknown as NodeJS.ProcessEnv });
    assert.equal(run.status, 1, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.registryConsulted, false);
    assert.match(out.note, /registry could not be consulted/);
    assert.deepEqual(out.results.map((r: { verdict: string }) => r.verdict), ["VALID", "TAMPERED", "RESAVED", "NOT_STAMPED", "UNKNOWN_SERIAL"]);
    assert.equal(out.results[0].reason.code, "VALID_OFFLINE");
    assert.equal(out.results[0].stamps[0].serialCheck, "ok");
  });

  it("prints a readable report and exits 0 when every file is valid", () => {
    const run = spawnSync("node", ["verify-offline.mjs", "valid.pdf"], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } as unknown as NodeJS.ProcessEnv });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /verdict: VALID/);
    assert.match(run.stdout, /NOT checked/);
  });
});
