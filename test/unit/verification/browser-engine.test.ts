import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";
import { after, before, describe, it } from "node:test";
import { corpusPdfNames } from "@/test/helpers/corpus";
import { extractDocumentFacts, trustAnchorsFromPem } from "@/lib/verification/document-facts";
import type { TBrowserFacts } from "@/lib/verification/browser/extract-facts";
import * as f from "./fixtures";

// The browser's verification worker (public/verify-engine/facts-worker.js, the bundle the page runs) must
// find exactly the facts the server finds: it is the same code with node:crypto and node:zlib swapped for
// browser implementations (noble hashes, BigInt RSA, pako), so every field is compared, on the whole corpus,
// stamped files and their altered copies. The bundle runs here with no node: module and no Node Buffer in
// reach; the real-browser runs are in e2e/verify-browser.spec.ts.
const ROOT = new URL("../../../", import.meta.url).pathname;

type TWorkerScope = { onmessage: ((event: { data: unknown }) => Promise<void>) | null; postMessage: (reply: unknown) => void };
const scope = globalThis as unknown as TWorkerScope;

describe("browser verification engine (bundled worker) against the server's extractor", () => {
  let replies: { id: number; ok: boolean; message?: string }[] = [];
  let nextId = 0;
  let savedOnMessage: unknown;
  let savedPostMessage: unknown;

  before(() => {
    execFileSync("node", ["scripts/build-bundles.mjs"], { cwd: ROOT, stdio: "pipe" });
    savedOnMessage = scope.onmessage;
    savedPostMessage = scope.postMessage;
    scope.postMessage = (reply) => replies.push(reply as (typeof replies)[number]);
    runInThisContext(readFileSync(`${ROOT}public/verify-engine/facts-worker.js`, "utf8"), { filename: "facts-worker.js" });
    assert.deepEqual(replies, [{ id: -1 }], "the worker announces it is ready");
  });
  after(() => {
    scope.onmessage = savedOnMessage as TWorkerScope["onmessage"];
    scope.postMessage = savedPostMessage as TWorkerScope["postMessage"];
  });

  async function inBrowserWorker(bytes: Uint8Array, anchorsPem: string): Promise<TBrowserFacts> {
    replies = [];
    const id = nextId++;
    await scope.onmessage!({ data: { id, file: new Blob([bytes as Uint8Array<ArrayBuffer>]), anchorsPem } });
    const reply = replies.find((r) => r.id === id) as ({ ok: true } & TBrowserFacts) | { ok: false; message: string } | undefined;
    assert.ok(reply?.ok, `worker failed: ${reply && !reply.ok ? reply.message : "no reply"}`);
    return JSON.parse(JSON.stringify({ facts: reply.facts, wellFormedSerials: reply.wellFormedSerials }));
  }

  function onServer(bytes: Uint8Array, anchorsPem: string) {
    return JSON.parse(JSON.stringify(extractDocumentFacts(bytes, trustAnchorsFromPem(anchorsPem))));
  }

  it("reads every corpus file as the server does", async () => {
    const pki = f.makePki();
    for (const name of corpusPdfNames()) {
      const bytes = f.corpus(name);
      const { facts } = await inBrowserWorker(bytes, pki.anchorsPem);
      assert.deepEqual(facts, onServer(bytes, pki.anchorsPem), name);
    }
  });

  it("checks stamped files and their altered copies as the server does", async () => {
    const pki = f.makePki();
    const forger = f.makePki("Forger");
    const stamped = await f.stamp(f.corpus("normal.pdf"), pki.signer);
    const twice = await f.stamp(stamped.pdf, pki.signer, [{ page: 1, x: 200, y: 40 }]);
    const other = await f.stamp(f.corpus("with_update_sections.pdf"), pki.signer);
    const cases: Record<string, Uint8Array> = {
      valid: stamped.pdf,
      "two stamps": twice.pdf,
      "stamped on a multi-revision file": other.pdf,
      tampered: f.flipByteInSignedRange(stamped.pdf, stamped.revisions[0].byteRange),
      "modified after stamping": f.appendTextUpdate(stamped.pdf),
      "re-saved (qpdf)": f.resaveWithQpdf(stamped.pdf),
      "re-saved (pdf-lib)": await f.resaveWithPdfLib(stamped.pdf),
      "copied (transplanted)": await f.transplant(stamped, f.corpus("normal.pdf").subarray(0), pki.signer),
      "forged signer": (await f.stamp(f.corpus("normal.pdf"), forger.signer)).pdf,
      "truncated": stamped.pdf.subarray(0, Math.floor(stamped.pdf.length / 2)),
      empty: new Uint8Array(0),
      "not a PDF": new TextEncoder().encode("hello, not a PDF"),
    };
    for (const [label, bytes] of Object.entries(cases)) {
      const browser = await inBrowserWorker(bytes, pki.anchorsPem);
      const server = onServer(bytes, pki.anchorsPem);
      assert.deepEqual(browser.facts, server, label);
    }
    const valid = await inBrowserWorker(stamped.pdf, pki.anchorsPem);
    assert.equal(valid.facts.kind, "READ");
    assert.deepEqual(valid.wellFormedSerials, [stamped.revisions[0].serial]);
    if (valid.facts.kind === "READ") {
      assert.equal(valid.facts.signatures[0].signatureValid, true, "RSA signature verified in the bundle");
      assert.equal(valid.facts.signatures[0].signerIsPortal, true, "chain to the published certificate verified in the bundle");
    }
  });
});
