// POST /api/v1/stamps/lookup: the registry's answer for verification done in the browser. Stamps are made
// through the portal's own affixing use case; the browser's side (facts → lookup items → registry view →
// judgeDocument) is run here in Node with the same pure modules the browser bundles, and must reach
// exactly the verdict the server's verifyDocuments reaches.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { useTestDatabase } from "@/test/helpers/test-database";
import { closeWorkerPools } from "@/test/helpers/worker-pools";
import { affixForTest as affix, makeUser } from "@/test/helpers/factories";
import { corpus, flipByteInSignedRange, transplant } from "@/test/unit/verification/fixtures";

useTestDatabase();
after(closeWorkerPools);

async function post(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) {
  const { POST } = await import("@/app/api/v1/stamps/lookup/route");
  return POST(new Request("http://x/api/v1/stamps/lookup", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }));
}

/** The browser's path, in Node: facts, lookup over "HTTP" (the route itself), registry view, judge. */
async function verifyLikeTheBrowser(files: { name: string; bytes: Uint8Array }[]) {
  const { verifyPool } = await import("@/lib/verification/verify-pool");
  const { lookupItemsOf, lookupStampsOverHttp, registryViewFromLookup } = await import("@/lib/verification/stamp-lookup");
  const { judgeDocument } = await import("@/lib/verification/judge-document");
  const { toFileResult } = await import("@/lib/verification/verify-documents");
  const { isWellFormedSerial } = await import("@/lib/pdf/serial");
  const pool = await verifyPool();
  const facts = await Promise.all(files.map((f) => pool.facts(f.bytes, "test")));
  const sent: string[] = [];
  const viaRoute = (async (_url: string, init: RequestInit) => {
    sent.push(String(init.body));
    return post(String(init.body));
  }) as unknown as typeof fetch;
  const answerFor = await lookupStampsOverHttp(facts.flatMap((f) => lookupItemsOf(f, isWellFormedSerial)), { fetch: viaRoute });
  const results = facts.map((f, i) => toFileResult(files[i].name, judgeDocument(f, registryViewFromLookup(f, answerFor, isWellFormedSerial))));
  return { results, sent };
}

describe("POST /api/v1/stamps/lookup", () => {
  it("answers registered, unknown, revoked and hash mismatch per serial, with nothing about the owner", async () => {
    const applicant = await makeUser("APPLICANT");
    const operator = await makeUser("OPERATOR");
    const a = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    const b = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    const { readSignatures } = await import("@/lib/pdf/read-signatures");
    const { generateSerial } = await import("@/lib/pdf/serial");
    const { createHash } = await import("node:crypto");
    const { revokeStamp } = await import("@/lib/verification/revoke-stamp");
    await revokeStamp({ serial: b.serials[0], reason: "issued by mistake", actor: { id: operator.id, label: operator.email } });
    const revisionEnd = (pdf: Uint8Array) => {
      const [s1, l1, s2, l2] = readSignatures(pdf).signatures[0].byteRange;
      return Math.max(s1 + l1, s2 + l2);
    };
    const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    const aHash = sha(a.pdf.subarray(0, revisionEnd(a.pdf)));
    const unknown = generateSerial();
    const response = await post({
      stamps: [
        { serial: a.serials[0], signedRevisionSha256: aHash },
        { serial: unknown, signedRevisionSha256: aHash },
        { serial: b.serials[0], signedRevisionSha256: sha(b.pdf.subarray(0, revisionEnd(b.pdf))) },
        { serial: a.serials[0], signedRevisionSha256: "0".repeat(64) },
        { serial: a.serials[0] },
      ],
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const body = await response.json();
    const [registered, notRegistered, revoked, mismatch, noHash] = body.results;
    assert.equal(registered.registered, true);
    assert.equal(registered.status, "ACTIVE");
    assert.equal(registered.signedRevisionMatches, true);
    assert.equal(registered.page, 1);
    assert.equal(registered.rect.length, 4);
    assert.equal(registered.revokedAt, null);
    assert.deepEqual(notRegistered, { serial: unknown, registered: false });
    assert.equal(revoked.status, "REVOKED");
    assert.equal(revoked.revokedReason, "issued by mistake");
    assert.match(revoked.revokedAt, /^\d{4}-\d\d-\d\dT/);
    assert.equal(revoked.signedRevisionMatches, true);
    assert.equal(mismatch.signedRevisionMatches, false);
    assert.equal(noHash.signedRevisionMatches, null);
    assert.equal(noHash.signatureFromOtherDocument, null);
    // Nothing about the owner, and none of the registry's own hashes or lengths, in any form.
    const text = JSON.stringify(body);
    for (const secret of [applicant.email, applicant.id, operator.email]) assert.ok(!text.includes(secret), `answer leaks ${secret}`);
    const { db } = await import("@/lib/db/client");
    const rows = await db().stamp.findMany({ select: { documentSha256: true, affixJobId: true, affixJob: { select: { outputSize: true } } } });
    for (const row of rows) {
      assert.ok(!text.includes(row.documentSha256), "answer leaks the registered document hash");
      assert.ok(!text.includes(row.affixJobId), "answer leaks the affix job");
    }
    const keys = new Set(body.results.flatMap((r: object) => Object.keys(r)));
    assert.deepEqual([...keys].sort(), ["affixedAt", "page", "rect", "registered", "revokedAt", "revokedReason", "serial", "signatureFromOtherDocument", "signedRevisionMatches", "status"]);
  });

  it("refuses 1,001 stamps, a malformed serial, bad hashes and non-JSON with a 400 in Indonesian and English", async () => {
    const { generateSerial } = await import("@/lib/pdf/serial");
    const serial = generateSerial();
    const tooMany = await post({ stamps: Array.from({ length: 1001 }, () => ({ serial })) });
    assert.equal(tooMany.status, 400);
    const tooManyBody = await tooMany.json();
    assert.equal(tooManyBody.error.code, "TOO_MANY_STAMPS");
    assert.match(tooManyBody.error.message, /At most 1000 stamps per request; this one has 1001/);
    assert.match(tooManyBody.error.messageId, /Paling banyak 1000 meterai/);
    // Exactly 1,000 is fine.
    assert.equal((await post({ stamps: Array.from({ length: 1000 }, () => ({ serial })) })).status, 200);

    const wrongCheck = serial.slice(0, 21) + (serial[21] === "0" ? "1" : "0");
    const malformed = await post({ stamps: [{ serial }, { serial: wrongCheck }, { serial: "hello" }] });
    assert.equal(malformed.status, 400);
    const malformedBody = await malformed.json();
    assert.equal(malformedBody.error.code, "INVALID_SERIAL");
    assert.deepEqual(malformedBody.error.details.items, [1, 2]);
    assert.match(malformedBody.error.messageId, /Nomor seri tidak valid pada butir 1, 2/);

    const badHash = await post({ stamps: [{ serial, signedRevisionSha256: "ABC" }] });
    assert.equal(badHash.status, 400);
    assert.equal((await badHash.json()).error.details.issues[0].field, "stamps.0.signedRevisionSha256");
    assert.equal((await post({ stamps: [] })).status, 400);
    assert.equal((await post({})).status, 400);
    assert.equal((await post("{not json")).status, 400);
    assert.equal((await post({ stamps: [{ serial }] }, { "content-type": "text/plain" })).status, 415);
  });

  it("gives the browser what it needs to reach the server's verdict: VALID, TAMPERED, COPIED, REVOKED, NOT_STAMPED", async () => {
    const applicant = await makeUser("APPLICANT");
    const operator = await makeUser("OPERATOR");
    const { readSignatures } = await import("@/lib/pdf/read-signatures");
    const { getSigningIdentity, signerFor } = await import("@/lib/signing/signing-identity");
    const { revokeStamp } = await import("@/lib/verification/revoke-stamp");
    const { verifyDocuments } = await import("@/lib/verification/verify-documents");
    const valid = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    const revoked = await affix(applicant.id, applicant.email, corpus("normal.pdf"));
    await revokeStamp({ serial: revoked.serials[0], reason: "refunded", actor: { id: operator.id, label: operator.email } });
    const byteRange = readSignatures(valid.pdf).signatures[0].byteRange;
    const tampered = flipByteInSignedRange(valid.pdf, byteRange);
    const signer = signerFor(await getSigningIdentity());
    const asStampResult = { pdf: valid.pdf, revisions: [{ serial: valid.serials[0], byteRange }] } as unknown as Parameters<typeof transplant>[0];
    const copied = await transplant(asStampResult, corpus("create_document.pdf"), signer);
    const files = [
      { name: "valid.pdf", bytes: valid.pdf },
      { name: "tampered.pdf", bytes: tampered },
      { name: "copied.pdf", bytes: copied },
      { name: "revoked.pdf", bytes: revoked.pdf },
      { name: "plain.pdf", bytes: corpus("normal.pdf") },
      { name: "valid-again.pdf", bytes: valid.pdf },
    ];
    const server = await verifyDocuments({ files });
    const browser = await verifyLikeTheBrowser(files);
    assert.deepEqual(server.map((r) => `${r.verdict}:${r.reason.code}`), ["VALID:VALID", "TAMPERED:DIGEST_MISMATCH", "COPIED:SIGNATURE_FROM_OTHER_DOCUMENT", "REVOKED:REVOKED", "NOT_STAMPED:NO_SIGNATURE", "VALID:VALID"]);
    assert.deepEqual(browser.results, server);
    // One request for the batch, equal stamps asked once, and no document bytes in it.
    assert.equal(browser.sent.length, 1);
    assert.equal(JSON.parse(browser.sent[0]).stamps.length, 4);
    assert.ok(browser.sent[0].length < 1500, `${browser.sent[0].length} bytes sent`);
  });

  it("is described in the OpenAPI document, which an independent validator accepts", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const document = await (await GET(new Request("http://x/api/v1/openapi.json"))).json();
    const operation = document.paths["/api/v1/stamps/lookup"]?.post;
    assert.ok(operation, "POST /api/v1/stamps/lookup documented");
    assert.deepEqual(operation.security, []);
    assert.equal(operation.requestBody.content["application/json"].schema.properties.stamps.maxItems, 1000);
    assert.ok(document.components.schemas.StampLookupResult, "the result schema is a named component");
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  it("is rate-limited per address like the other public endpoints: 429 with Retry-After", async () => {
    const { limits } = await import("@/lib/rate-limit");
    let refused: Response | undefined;
    for (let i = 0; i <= limits.publicRegistryLookupPerIp.limit && !refused; i++) {
      const response = await post({ stamps: [] });
      if (response.status === 429) refused = response;
      else assert.equal(response.status, 400);
    }
    assert.ok(refused, "refused within the limit's count");
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
    const body = await refused.json();
    assert.equal(body.error.code, "RATE_LIMITED");
    assert.match(body.error.messageId, /Terlalu banyak/);
  });
});
