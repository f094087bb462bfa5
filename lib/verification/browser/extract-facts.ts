import type { TKnownDigests } from "@/lib/pdf/prefix-hasher";
import { isWellFormedSerial } from "@/lib/pdf/serial";
import { extractDocumentFacts, type TDocumentFacts, type TTrustAnchors, trustAnchorsFromPem } from "@/lib/verification/document-facts";

/**
 * The facts of one file, in a browser worker: the server's own extractor (document-facts.ts, lib/pdf/*),
 * bundled for the browser with node:crypto and node:zlib swapped for node-crypto.ts and node-zlib.ts
 * (scripts/build-bundles.mjs). Also runs unchanged in Node, where it is the server's code path.
 */

let parsed: { pem: string; anchors: TTrustAnchors } | undefined;

/** Trust anchors from the published certificate chain (PEM), parsed once per worker. */
export function anchorsOf(pem: string): TTrustAnchors {
  if (parsed?.pem !== pem) parsed = { pem, anchors: trustAnchorsFromPem(pem) };
  return parsed.anchors;
}

export type TBrowserFacts = {
  facts: TDocumentFacts;
  /** The serials in the facts whose check character holds: judged against the registry (stamp-lookup.ts). */
  wellFormedSerials: string[];
};

/** `knownDigests`: from knownDigestsOf (WebCrypto), so the extractor hashes as little as it can itself. */
export function extractFactsInBrowser(bytes: Uint8Array, anchorsPem: string, knownDigests?: TKnownDigests): TBrowserFacts {
  const facts = extractDocumentFacts(bytes, anchorsOf(anchorsPem), { knownDigests });
  const serials = facts.kind === "READ" ? [...facts.signatures.map((s) => s.serial ?? ""), ...facts.serialMentions] : [];
  return { facts, wellFormedSerials: [...new Set(serials.filter((s) => s && isWellFormedSerial(s)))] };
}
