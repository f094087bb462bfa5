// The browser's ZIP reader (fflate) refuses exactly what the server's (yauzl) refuses, for the same
// reasons, and reads the same PDFs: the two are run here on the same hostile archives.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readZipInBrowser, ZipUnreadableError } from "@/lib/verification/read-zip-in-browser";
import { readZipEntries } from "@/lib/verification/read-zip";
import { zipOf } from "./fixtures";

const pdf = new TextEncoder().encode("%PDF-1.7\n" + "x".repeat(5000) + "\n%%EOF\n");
const limits = { maxEntries: 1000, maxTotalBytes: 1024 * 1024 * 1024, maxEntryBytes: 1024 * 1024 * 1024 };

async function both(zip: Uint8Array, limit = limits) {
  const browser = [...readZipInBrowser(zip, limit)].map((r) => ("refused" in r ? `${r.name}:${r.refused.code}` : `${r.name}:${r.bytes.byteLength}`));
  const server = (await readZipEntries(Buffer.from(zip), limit)).map((r) => ("refused" in r ? `${r.name}:${r.refused.code}` : "bytes" in r ? `${r.name}:${r.bytes.byteLength}` : r.name));
  return { browser, server };
}

describe("ZIP in the browser", () => {
  it("refuses traversal, nested archives, non-PDFs and a bomb per entry, like the server", async () => {
    const zip = zipOf([
      { name: "good.pdf", bytes: pdf },
      { name: "packed.pdf", bytes: pdf, deflate: true },
      { name: "../escape.pdf", bytes: pdf },
      { name: "/abs.pdf", bytes: pdf },
      { name: "inner.zip", bytes: zipOf([{ name: "a.pdf", bytes: pdf }]) },
      { name: "disguised.pdf", bytes: zipOf([{ name: "a.pdf", bytes: pdf }]) },
      { name: "notes.txt", bytes: new TextEncoder().encode("hello") },
      { name: "folder/", bytes: new Uint8Array(0) },
      { name: "bomb.pdf", bytes: new Uint8Array(50 * 1024 * 1024), deflate: true },
    ]);
    const { browser, server } = await both(zip);
    assert.deepEqual(browser, ["good.pdf:5016", "packed.pdf:5016", "../escape.pdf:ZIP_PATH_TRAVERSAL", "/abs.pdf:ZIP_PATH_TRAVERSAL", "inner.zip:ZIP_NESTED_ARCHIVE", "disguised.pdf:ZIP_NESTED_ARCHIVE", "notes.txt:ZIP_NOT_PDF", "bomb.pdf:ZIP_BOMB_RATIO"]);
    assert.deepEqual(browser, server);
  });

  it("stops a thousand small zero entries at the archive's total ratio, and an entry at its cap", async () => {
    const zeros = zipOf(Array.from({ length: 300 }, (_, i) => ({ name: `zeros-${i}.pdf`, bytes: new Uint8Array(1024 * 1024), deflate: true })));
    const { browser, server } = await both(zeros);
    assert.ok(browser.filter((r) => r.endsWith("ZIP_BOMB_RATIO")).length > 150);
    assert.deepEqual(browser, server);
    const capped = await both(zipOf([{ name: "big.pdf", bytes: pdf }]), { ...limits, maxEntryBytes: 1000 });
    assert.deepEqual(capped.browser, ["big.pdf:ZIP_BOMB_SIZE"]);
    assert.deepEqual(capped.browser, capped.server);
    const total = await both(zipOf([{ name: "a.pdf", bytes: pdf }, { name: "b.pdf", bytes: pdf }]), { ...limits, maxTotalBytes: 5016 });
    assert.deepEqual(total.browser, ["a.pdf:5016", "b.pdf:BATCH_TOO_LARGE"]);
    assert.deepEqual(total.browser, total.server);
  });

  it("says an entry whose header lies about its size is unreadable, and an archive without its directory cannot be read", async () => {
    const zip = zipOf([{ name: "liar.pdf", bytes: pdf, deflate: true }]);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const central = zip.findIndex((_, i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 10, true);
    assert.deepEqual([...readZipInBrowser(zip, limits)].map((r) => ("refused" in r ? r.refused.code : "read")), ["ZIP_ENTRY_UNREADABLE"]);
    assert.throws(() => [...readZipInBrowser(new TextEncoder().encode("PK\x03\x04 not really a zip"), limits)], ZipUnreadableError);
    // Encrypted (general purpose bit 0): refused without reading.
    const locked = zipOf([{ name: "locked.pdf", bytes: pdf }]);
    const lockedView = new DataView(locked.buffer, locked.byteOffset, locked.byteLength);
    const at = locked.findIndex((_, i) => i + 4 <= locked.length && lockedView.getUint32(i, true) === 0x02014b50);
    lockedView.setUint16(at + 8, lockedView.getUint16(at + 8, true) | 1, true);
    assert.deepEqual([...readZipInBrowser(locked, limits)].map((r) => ("refused" in r ? r.refused.code : "read")), ["ZIP_ENCRYPTED_ENTRY"]);
  });

  it("gives at most maxEntries entries", () => {
    const zip = zipOf(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.pdf`, bytes: pdf })));
    assert.equal([...readZipInBrowser(zip, { ...limits, maxEntries: 3 })].length, 3);
  });
});
