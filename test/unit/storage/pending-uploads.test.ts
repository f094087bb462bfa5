import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";

// A held upload is handed to its owner only, before it expires; its record on disk is read through a
// schema, so a record that is not what holdUpload wrote hands out nothing.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "pending-uploads-"));
const { findHeldUpload, holdUpload, purgeHeldUploads, UPLOAD_HOLD_MINUTES } = await import("@/lib/storage/pending-uploads");
const uploads = path.join(process.env.DATA_DIR, "uploads");

describe("held uploads", () => {
  it("are found by their owner only, until they expire, and purged after", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.7 held");
    const { uploadId } = await holdUpload({ ownerId: "owner", bytes, fileName: "surat.pdf" });
    const found = await findHeldUpload({ uploadId, ownerId: "owner" });
    assert.equal(found?.fileName, "surat.pdf");
    assert.deepEqual(found?.bytes, bytes);
    assert.equal(await findHeldUpload({ uploadId, ownerId: "someone else" }), null);
    const later = new Date(Date.now() + (UPLOAD_HOLD_MINUTES + 1) * 60_000);
    assert.equal(await findHeldUpload({ uploadId, ownerId: "owner", now: later }), null);
    assert.equal(await purgeHeldUploads(later), 1);
    assert.deepEqual(readdirSync(uploads).filter((n) => n.startsWith(uploadId)), []);
  });

  it("hand out nothing for a record of another shape", async () => {
    const { uploadId } = await holdUpload({ ownerId: "owner", bytes: new Uint8Array([1]), fileName: "a.pdf" });
    writeFileSync(path.join(uploads, `${uploadId}.json`), JSON.stringify({ ownerId: "owner", expiresAt: 4102444800000 }));
    assert.equal(await findHeldUpload({ uploadId, ownerId: "owner" }), null);
  });
});
