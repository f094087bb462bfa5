// Every reason the verification engine can give has an Indonesian line (issue 18: no English reason on
// an Indonesian page or in its CSV), and the machine code stays the same in both languages.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DESCRIBED_REASON_CODES, describeReason } from "@/lib/verification/describe-reason";
import { resultsToCsv } from "@/lib/verification/export-results";

const LIB = path.resolve(import.meta.dirname, "../../../lib/verification");

/** The reason codes written in the engine's source: reason("X", …), refuse("X", …), stop("X", …), code: "X", UNREADABLE_<facts code>. */
function codesInSource(): string[] {
  const codes = new Set<string>();
  for (const file of readdirSync(LIB).filter((f) => f.endsWith(".ts") && f !== "describe-reason.ts")) {
    const source = readFileSync(path.join(LIB, file), "utf8");
    for (const m of source.matchAll(/\b(?:reason|refuse|stop)\("([A-Z_]+)"/g)) codes.add(m[1]);
    for (const m of source.matchAll(/refused: \{ code: "([A-Z_]+)"/g)) codes.add(m[1]);
    if (file === "document-facts.ts") for (const m of source.matchAll(/kind: "UNREADABLE"[^}]*code: "([A-Z_]+)"/g)) codes.add(`UNREADABLE_${m[1]}`);
  }
  return [...codes].sort();
}

const ENGLISH = /\b(the|was|were|signature|serial|file|registered|document)\b/i;

describe("describeReason", () => {
  it("covers every code the engine writes", () => {
    const codes = codesInSource();
    assert.ok(codes.length >= 25, `found only ${codes.length} codes: the source scan is broken`);
    assert.deepEqual(codes.filter((c) => !DESCRIBED_REASON_CODES.includes(c)), []);
  });

  it("says each reason in Indonesian with its values, and keeps the engine's English line for English", () => {
    const revoked = { code: "REVOKED", detail: "serial ABC was revoked on 2026-11-30T03:00:00.000Z: dipalsukan", params: { serial: "ABC", revokedAt: "2026-11-30T03:00:00.000Z", revokedReason: "dipalsukan" } };
    assert.equal(describeReason(revoked, "id"), "nomor seri ABC telah dicabut pada 30 Nov 2026, 10.00 WIB: dipalsukan");
    assert.equal(describeReason(revoked, "en"), revoked.detail);
    const several = { code: "DIGEST_MISMATCH", detail: "2 of 3 stamps: bytes covered…", params: { stampsMatching: 2, stampsTotal: 3 } };
    assert.equal(describeReason(several, "id"), "2 dari 3 meterai: bagian yang dilindungi tanda tangan diubah setelah pembubuhan");
    for (const code of DESCRIBED_REASON_CODES) {
      const line = describeReason({ code, detail: "english", params: { serial: "X", signer: "CN=Lain", signatureCount: 1, signedBytes: 10, fileBytes: 9, updates: 1, bytes: 5, pages: "1", pagesKnown: 1 } }, "id");
      assert.doesNotMatch(line, ENGLISH, `${code}: ${line}`);
    }
  });

  it("writes the CSV's reason column in the reader's language with the same codes", () => {
    const result = { file: "a.pdf", sha256: "0".repeat(64), sizeBytes: 1, verdict: "NOT_STAMPED" as const, reason: { code: "NO_SIGNATURE", detail: "the file has no digital signature" }, registryConsulted: true, stamps: [] };
    const id = resultsToCsv([result], "id").split("\r\n")[1].split(",");
    const en = resultsToCsv([result], "en").split("\r\n")[1].split(",");
    assert.deepEqual([id[1], id[2], id[3]], ["NOT_STAMPED", "NO_SIGNATURE", "berkas tidak memiliki tanda tangan digital"]);
    assert.deepEqual([en[1], en[2], en[3]], ["NOT_STAMPED", "NO_SIGNATURE", "the file has no digital signature"]);
  });
});
